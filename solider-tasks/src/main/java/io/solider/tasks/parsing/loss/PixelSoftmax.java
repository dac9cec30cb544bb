package io.solider.tasks.parsing.loss;

import io.solider.tasks.parsing.head.ScoreMaps;

/** Softmax over the channel axis of score maps, pixel by pixel, accumulated in double. */
final class PixelSoftmax {

  private PixelSoftmax() {}

  /** Probabilities of {@code logits} (same shape). */
  static ScoreMaps probabilities(ScoreMaps logits) {
    ScoreMaps p = logits.zerosLike();
    int c = logits.channels();
    int plane = logits.plane();
    float[] z = logits.data();
    float[] out = p.data();
    double[] e = new double[c];
    for (int n = 0; n < logits.batch(); n++) {
      int base = n * c * plane;
      for (int i = 0; i < plane; i++) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < c; k++) {
          max = Math.max(max, z[base + k * plane + i]);
        }
        double sum = 0;
        for (int k = 0; k < c; k++) {
          e[k] = Math.exp(z[base + k * plane + i] - max);
          sum += e[k];
        }
        for (int k = 0; k < c; k++) {
          out[base + k * plane + i] = (float) (e[k] / sum);
        }
      }
    }
    return p;
  }

  /** {@code log Σ_k exp(z_k)} at pixel {@code i} of image {@code n}. */
  static double logSumExp(ScoreMaps logits, int n, int i) {
    int c = logits.channels();
    int plane = logits.plane();
    int base = n * c * plane + i;
    float[] z = logits.data();
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < c; k++) {
      max = Math.max(max, z[base + k * plane]);
    }
    double sum = 0;
    for (int k = 0; k < c; k++) {
      sum += Math.exp(z[base + k * plane] - max);
    }
    return max + Math.log(sum);
  }
}
