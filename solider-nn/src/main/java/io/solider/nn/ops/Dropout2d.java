package io.solider.nn.ops;

import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * torch.nn.Dropout2d (channel dropout) in training mode: every (sample, channel) map is zeroed
 * with probability p and the kept maps are scaled by 1/(1 − p). The mask is an input of the graph,
 * drawn in Java from a seeded generator, so a step is reproducible and a recomputed forward pass
 * sees the same mask. In inference the layer is the identity (apply nothing).
 */
public final class Dropout2d {

  private Dropout2d() {}

  /** x (B, C, H, W) times mask (B, C) broadcast over H, W. */
  public static SDVariable apply(SDVariable x, SDVariable mask, int channels) {
    return x.mul(mask.reshape(-1, channels, 1, 1));
  }

  /** A (batch, channels) mask of 0 (probability p) and 1/(1 − p). */
  public static INDArray mask(SplittableRandom rng, int batch, int channels, double p) {
    if (p < 0 || p >= 1) {
      throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
    }
    float keep = (float) (1.0 / (1.0 - p));
    float[] m = new float[batch * channels];
    for (int i = 0; i < m.length; i++) {
      m[i] = rng.nextDouble() < p ? 0f : keep;
    }
    return Nd4j.create(m, new long[] {batch, channels}, 'c');
  }
}
