package io.solider.tasks.search.loss;

/**
 * SeqNet's first-stage (Faster R-CNN head) losses from {@code detection_losses}:
 * {@code loss_proposal_cls} = 2-way cross-entropy, mean over the sampled RoIs, labels clamped to
 * {0, 1}; {@code loss_proposal_reg} = {@link ClassOneRegression} (the recipe weights it ×10).
 */
public final class ProposalLoss {

  private ProposalLoss() {}

  /**
   * @param classification {@code loss_proposal_cls}
   * @param regression {@code loss_proposal_reg} (unweighted)
   * @param gradLogits n × 2
   * @param gradRegression n × 8
   */
  public record Result(double classification, double regression, float[] gradLogits, float[] gradRegression) {}

  /**
   * @param logits n × 2 (background, person)
   * @param regression n × 8
   * @param labels n person ids or 0 (clamped to 0/1 here)
   * @param targets n × 4 regression targets
   */
  public static Result compute(float[] logits, float[] regression, int[] labels, float[] targets) {
    int n = labels.length;
    if (logits.length != 2 * n) {
      throw new IllegalArgumentException(logits.length + " logits for " + n + " RoIs");
    }
    float[] gLogits = new float[2 * n];
    double ce = 0;
    for (int i = 0; i < n; i++) {
      int y = labels[i] > 0 ? 1 : 0;
      double a = logits[2 * i];
      double b = logits[2 * i + 1];
      double m = Math.max(a, b);
      double lse = m + Math.log(Math.exp(a - m) + Math.exp(b - m));
      ce += lse - (y == 1 ? b : a);
      double pa = Math.exp(a - lse);
      double pb = Math.exp(b - lse);
      gLogits[2 * i] = (float) ((pa - (y == 0 ? 1 : 0)) / n);
      gLogits[2 * i + 1] = (float) ((pb - (y == 1 ? 1 : 0)) / n);
    }
    float[] gReg = new float[8 * n];
    double reg = ClassOneRegression.loss(regression, labels, targets, gReg);
    return new Result(ce / n, reg, gLogits, gReg);
  }
}
