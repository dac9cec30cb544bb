package io.solider.tasks.search.loss;

/**
 * {@code F.binary_cross_entropy_with_logits}, mean over the elements, computed stably as
 * {@code max(x, 0) − x·y + log(1 + e^−|x|)}; gradient (σ(x) − y) / n.
 */
public final class BinaryCrossEntropy {

  private BinaryCrossEntropy() {}

  /** Mean loss of {@code logits[idx]} against {@code targets}; adds the gradient to {@code grad[idx]}. */
  static double mean(float[] logits, int[] idx, float[] targets, float[] grad) {
    int n = idx.length;
    double s = 0;
    for (int k = 0; k < n; k++) {
      double x = logits[idx[k]];
      double y = targets[k];
      s += Math.max(x, 0) - x * y + Math.log1p(Math.exp(-Math.abs(x)));
      double sig = x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
      grad[idx[k]] += (float) ((sig - y) / n);
    }
    return s / n;
  }
}
