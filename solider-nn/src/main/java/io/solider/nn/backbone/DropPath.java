package io.solider.nn.backbone;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Drop-path (stochastic depth) masks, drawn by the caller so that a step is reproducible from its
 * seed and a recomputed block sees the same mask (timm/mmcv {@code DropPath}).
 */
public final class DropPath {

  private DropPath() {}

  /**
   * Per-sample branch scales (rows, 2·blocks) for the graph's {@value SwinBackbone#DROP_PATH_KEEP}
   * input: for each branch of block k (column 2k attention, 2k + 1 MLP) with rate p, 0 with
   * probability p, else 1/(1 − p); drawn row by row, branch by branch.
   */
  public static INDArray keep(SwinConfig config, int rows, SplittableRandom rng) {
    double[] rates = config.blockDropPathRates();
    int cols = 2 * rates.length;
    float[] v = new float[rows * cols];
    for (int r = 0; r < rows; r++) {
      for (int k = 0; k < cols; k++) {
        double p = rates[k / 2];
        v[r * cols + k] = p == 0 ? 1f : rng.nextDouble() < p ? 0f : (float) (1 / (1 - p));
      }
    }
    return Nd4j.create(v, new long[] {rows, cols}, 'c');
  }
}
