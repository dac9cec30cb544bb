package io.solider.tasks.parsing.loss;

import io.solider.tasks.parsing.head.ScoreMaps;

/**
 * {@code F.cross_entropy(logits, labels, weight, ignore_index=255)} with mean reduction: the
 * weighted mean of −log softmax(z)_y over pixels whose label is not 255,
 * {@code Σ w_y·(−log p_y) / Σ w_y}.
 *
 * <p>As in PyTorch, a batch with no weighted pixel (every label 255, or only classes of weight 0)
 * gives NaN: the release's loss then is NaN too.
 */
public final class PixelCrossEntropy {

  /** Label of pixels that do not count. */
  public static final int IGNORE = 255;

  private PixelCrossEntropy() {}

  /** Unweighted cross-entropy. */
  public static LossTerm compute(ScoreMaps logits, int[] labels) {
    return compute(logits, labels, null);
  }

  /**
   * Cross-entropy with class weights {@code weights} (one per channel, or null for all 1).
   *
   * @throws IllegalArgumentException if the labels do not match the maps or a label is neither a
   *     channel nor 255
   */
  public static LossTerm compute(ScoreMaps logits, int[] labels, double[] weights) {
    int c = logits.channels();
    int plane = logits.plane();
    checkLabels(logits, labels);
    if (weights != null && weights.length != c) {
      throw new IllegalArgumentException(c + " channels but " + weights.length + " class weights");
    }
    double total = 0;
    double weightSum = 0;
    float[] z = logits.data();
    for (int n = 0; n < logits.batch(); n++) {
      for (int i = 0; i < plane; i++) {
        int y = labels[n * plane + i];
        if (y == IGNORE) {
          continue;
        }
        double w = weights == null ? 1 : weights[y];
        total += w * (PixelSoftmax.logSumExp(logits, n, i) - z[(n * c + y) * plane + i]);
        weightSum += w;
      }
    }
    double inv = 1 / weightSum; // infinite for an empty batch: the gradient becomes NaN, as in PyTorch
    ScoreMaps grad = logits.zerosLike();
    float[] g = grad.data();
    for (int n = 0; n < logits.batch(); n++) {
      for (int i = 0; i < plane; i++) {
        int y = labels[n * plane + i];
        if (y == IGNORE) {
          continue;
        }
        double w = (weights == null ? 1 : weights[y]) * inv;
        double lse = PixelSoftmax.logSumExp(logits, n, i);
        int base = n * c * plane + i;
        for (int k = 0; k < c; k++) {
          double p = Math.exp(z[base + k * plane] - lse);
          g[base + k * plane] = (float) (w * (p - (k == y ? 1 : 0)));
        }
      }
    }
    return new LossTerm(total / weightSum, grad);
  }

  /** Checks {@code labels} has one entry per pixel, each a channel or 255. */
  static void checkLabels(ScoreMaps maps, int[] labels) {
    if (labels.length != maps.pixels()) {
      throw new IllegalArgumentException("score maps " + maps.shape() + " need " + maps.pixels() + " labels, got "
          + labels.length);
    }
    for (int i = 0; i < labels.length; i++) {
      int y = labels[i];
      if (y != IGNORE && (y < 0 || y >= maps.channels())) {
        throw new IllegalArgumentException("label " + y + " at pixel " + i + " is neither a class (0–"
            + (maps.channels() - 1) + ") nor " + IGNORE);
      }
    }
  }
}
