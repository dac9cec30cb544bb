package io.solider.tasks.parsing.loss;

import io.solider.tasks.parsing.data.EdgeTargets;
import io.solider.tasks.parsing.head.ScoreMaps;

/**
 * The release's segmentation–edge consistency term ({@code utils/consistency_loss.py}), evaluated
 * as it is: edges of the argmax parsing (labels 255 kept as 255) and the argmax of the edge logits,
 * over pixels not labelled 255, SmoothL1 between the two edge maps restricted to pixels where both
 * are 1.
 *
 * <p>Both sides are 1 wherever the term looks, so it is exactly 0; when no pixel is an edge in both
 * maps it is the mean of nothing, NaN. It is built from argmaxes, so it has no gradient: in the
 * release it changes the printed loss (to NaN in that case) but never a weight. {@link
 * SchpCriterion} reports it and leaves it out of the total.
 */
public final class ConsistencyTerm {

  private ConsistencyTerm() {}

  /** The term's value: 0, or NaN when no pixel is an edge in both maps. */
  public static double value(ScoreMaps parsing, ScoreMaps edge, int[] labels) {
    int plane = parsing.plane();
    int n = parsing.batch();
    if (edge.batch() != n || edge.height() != parsing.height() || edge.width() != parsing.width() || edge.channels() != 2) {
      throw new IllegalArgumentException("edge logits " + edge.shape() + " do not go with parsing logits " + parsing.shape());
    }
    int[] argmax = argmax(parsing);
    for (int i = 0; i < argmax.length; i++) {
      if (labels[i] == PixelCrossEntropy.IGNORE) {
        argmax[i] = PixelCrossEntropy.IGNORE;
      }
    }
    int[] generated = EdgeTargets.generate(argmax, n, parsing.height(), parsing.width());
    int[] predicted = argmax(edge);
    long both = 0;
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] != PixelCrossEntropy.IGNORE && generated[i] == 1 && predicted[i] == 1) {
        both++;
      }
    }
    // SmoothL1 of 1 against 1 on every counted pixel: a mean of zeros.
    return both == 0 ? Double.NaN : 0.0;
  }

  /** The channel of the largest score per pixel (the first on ties, as torch.argmax). */
  static int[] argmax(ScoreMaps m) {
    int c = m.channels();
    int plane = m.plane();
    float[] z = m.data();
    int[] out = new int[m.pixels()];
    for (int n = 0; n < m.batch(); n++) {
      for (int i = 0; i < plane; i++) {
        int best = 0;
        float max = z[n * c * plane + i];
        for (int k = 1; k < c; k++) {
          float v = z[(n * c + k) * plane + i];
          if (v > max) {
            max = v;
            best = k;
          }
        }
        out[n * plane + i] = best;
      }
    }
    return out;
  }
}
