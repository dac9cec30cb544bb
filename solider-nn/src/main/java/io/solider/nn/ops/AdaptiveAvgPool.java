package io.solider.nn.ops;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * torch.nn.AdaptiveAvgPool2d as a fixed pooling-matrix product: output cell i of an axis of
 * length n pooled to o averages inputs {@code floor(i·n/o) ≤ k < ceil((i+1)·n/o)} (PyTorch's
 * bins, which overlap or differ in size when o does not divide n).
 */
public final class AdaptiveAvgPool {

  private AdaptiveAvgPool() {}

  /** The (out, in) averaging matrix of one axis. */
  public static float[][] matrix(int in, int out) {
    if (in < 1 || out < 1) {
      throw new IllegalArgumentException("adaptive pooling needs positive sizes, got " + in + " → " + out);
    }
    float[][] m = new float[out][in];
    for (int i = 0; i < out; i++) {
      int start = Math.floorDiv(i * in, out);
      int end = -Math.floorDiv(-(i + 1) * in, out);
      for (int k = start; k < end; k++) {
        m[i][k] = 1f / (end - start);
      }
    }
    return m;
  }

  /** x (B, C, h, w) → (B, C, outH, outW). */
  public static SDVariable apply(SameDiff sd, SDVariable x, int channels, int h, int w, int outH, int outW) {
    return SeparableResampling.apply(sd, x, channels, matrix(h, outH), matrix(w, outW));
  }
}
