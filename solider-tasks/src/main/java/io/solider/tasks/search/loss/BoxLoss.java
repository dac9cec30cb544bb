package io.solider.tasks.search.loss;

/**
 * SeqNet's second-stage detection losses from {@code detection_losses}: {@code loss_box_cls} =
 * BCE with logits on the norm-aware embedding's rescaled norm (labels clamped to {0, 1}), mean;
 * {@code loss_box_reg} = {@link ClassOneRegression} on the re-id head's regressor.
 */
public final class BoxLoss {

  private BoxLoss() {}

  /**
   * @param classification {@code loss_box_cls}
   * @param regression {@code loss_box_reg}
   * @param gradLogits n (feed into {@code NormAwareEmbedding.backward})
   * @param gradRegression n × 8
   */
  public record Result(double classification, double regression, float[] gradLogits, float[] gradRegression) {}

  /**
   * @param logits n rescaled norms
   * @param regression n × 8
   * @param labels n person ids or 0
   * @param targets n × 4
   */
  public static Result compute(float[] logits, float[] regression, int[] labels, float[] targets) {
    int n = labels.length;
    if (logits.length != n) {
      throw new IllegalArgumentException(logits.length + " logits for " + n + " RoIs");
    }
    int[] idx = new int[n];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
      y[i] = labels[i] > 0 ? 1f : 0f;
    }
    float[] gLogits = new float[n];
    double bce = BinaryCrossEntropy.mean(logits, idx, y, gLogits);
    float[] gReg = new float[8 * n];
    double reg = ClassOneRegression.loss(regression, labels, targets, gReg);
    return new Result(bce, reg, gLogits, gReg);
  }
}
