package io.solider.tasks.parsing.loss;

import io.solider.tasks.parsing.head.ScoreMaps;

/**
 * The edge branch's loss: 2-class cross-entropy weighted per batch so that edges and non-edges
 * weigh the same in total, {@code [w_non-edge, w_edge] = [N_edge, N_non-edge] / N} counted over
 * the whole batch's edge labels (the release's {@code CriterionAll}, in float32 as there).
 *
 * <p>A batch without any edge pixel gives the only class present weight 0, hence NaN, as in the
 * release.
 */
public final class EdgeLoss {

  private EdgeLoss() {}

  /** The class weights {@code [N_edge/N, N_non-edge/N]} of edge labels (0/1). */
  public static double[] classWeights(int[] edges) {
    long pos = 0;
    long neg = 0;
    for (int e : edges) {
      if (e == 1) {
        pos++;
      } else if (e == 0) {
        neg++;
      }
    }
    float p = pos;
    float n = neg;
    return new double[] {p / (p + n), n / (p + n)};
  }

  /**
   * The weighted cross-entropy of 2-channel {@code logits} against {@code edges} (0/1 per pixel).
   */
  public static LossTerm compute(ScoreMaps logits, int[] edges) {
    if (logits.channels() != 2) {
      throw new IllegalArgumentException("edge logits need 2 channels, got " + logits.channels());
    }
    return PixelCrossEntropy.compute(logits, edges, classWeights(edges));
  }
}
