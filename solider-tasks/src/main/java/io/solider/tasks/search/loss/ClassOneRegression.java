package io.solider.tasks.search.loss;

/**
 * The box regression term of SeqNet's {@code detection_losses}: Smooth L1 (β = 1) between the
 * person-class deltas (columns 4–7 of the 8 per RoI) of the positive RoIs and their targets,
 * summed and divided by the number of sampled RoIs (positives and negatives).
 */
final class ClassOneRegression {

  private ClassOneRegression() {}

  /** Adds the gradient to {@code grad} (n × 8) and returns the loss. */
  static double loss(float[] regression, int[] labels, float[] targets, float[] grad) {
    int n = labels.length;
    if (regression.length != 8 * n || targets.length != 4 * n) {
      throw new IllegalArgumentException(n + " labels, " + regression.length + " deltas, " + targets.length + " targets");
    }
    double s = 0;
    for (int i = 0; i < n; i++) {
      if (labels[i] > 0) {
        s += SmoothL1.sum(regression, 8 * i + 4, targets, 4 * i, 4, 1.0, 1.0 / n, grad);
      }
    }
    return s / n;
  }
}
