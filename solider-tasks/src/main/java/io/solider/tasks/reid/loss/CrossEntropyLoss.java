package io.solider.tasks.reid.loss;

/**
 * Identity cross-entropy on classifier logits, averaged over the batch: with label smoothing ε the
 * target is (1 − ε)·onehot + ε/C, as TransReID's {@code CrossEntropyLabelSmooth} (ε = 0.1 when
 * {@code IF_LABELSMOOTH 'on'}); ε = 0 is {@code F.cross_entropy} (the SOLIDER-REID configs: off).
 */
public final class CrossEntropyLoss {

  private CrossEntropyLoss() {}

  /**
   * Loss, d loss / d logits and classification accuracy.
   *
   * @param loss mean over the batch
   * @param gradLogits (B, C) row-major, (softmax − target) / B
   * @param accuracy fraction of rows whose largest logit is the label
   */
  public record Result(double loss, float[] gradLogits, double accuracy) {}

  /**
   * @param logits (B, C) row-major
   * @param labels B class indices in 0..C−1
   * @param epsilon label smoothing in [0, 1)
   */
  public static Result compute(float[] logits, int batch, int classes, int[] labels, double epsilon) {
    if (logits.length != batch * classes || labels.length != batch) {
      throw new IllegalArgumentException("logits " + logits.length + " values for " + batch + "×" + classes
          + ", labels " + labels.length);
    }
    if (!(epsilon >= 0 && epsilon < 1)) {
      throw new IllegalArgumentException("label smoothing must be in [0, 1), got " + epsilon);
    }
    float[] grad = new float[logits.length];
    double loss = 0;
    int correct = 0;
    double[] p = new double[classes];
    for (int b = 0; b < batch; b++) {
      int y = labels[b];
      if (y < 0 || y >= classes) {
        throw new IllegalArgumentException("label " + y + " of row " + b + " is outside 0.." + (classes - 1));
      }
      int off = b * classes;
      double max = Double.NEGATIVE_INFINITY;
      int arg = 0;
      for (int c = 0; c < classes; c++) {
        if (logits[off + c] > max) {
          max = logits[off + c];
          arg = c;
        }
      }
      if (arg == y) {
        correct++;
      }
      double sum = 0;
      for (int c = 0; c < classes; c++) {
        p[c] = Math.exp(logits[off + c] - max);
        sum += p[c];
      }
      double logSum = Math.log(sum);
      for (int c = 0; c < classes; c++) {
        double q = (c == y ? 1 - epsilon : 0) + epsilon / classes;
        double logP = logits[off + c] - max - logSum;
        if (q != 0) {
          loss -= q * logP;
        }
        grad[off + c] = (float) ((p[c] / sum - q) / batch);
      }
    }
    return new Result(loss / batch, grad, (double) correct / batch);
  }
}
