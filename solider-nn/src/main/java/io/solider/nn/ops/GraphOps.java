package io.solider.nn.ops;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Graph-building functions for the equations of the backbone, written with the SameDiff ops that
 * are exact (values and gradients) in ND4J 1.0.0-M2.1; see docs/SAMEDIFF-NOTES for why each
 * avoids the obvious op.
 */
public final class GraphOps {

  private static final double INV_SQRT2 = 1.0 / Math.sqrt(2.0);

  private GraphOps() {}

  /** {@code y = x·Wᵀ + b} for x (N, in), W (out, in) in PyTorch layout, b (out) or null. */
  public static SDVariable linear(SameDiff sd, SDVariable x, SDVariable weight, SDVariable bias) {
    SDVariable y = sd.mmul(x, weight, false, true, false);
    return bias == null ? y : y.add(bias);
  }

  /**
   * Linear map of the last axis of a rank-4 tensor (B, H, W, in) → (B, H, W, out), through a
   * 2-D matmul.
   */
  public static SDVariable linear4d(SameDiff sd, SDVariable x, SDVariable weight, SDVariable bias,
      int h, int w, int in, int out) {
    SDVariable flat = x.reshape(-1, in);
    return linear(sd, flat, weight, bias).reshape(-1, h, w, out);
  }

  /** LayerNorm over the last axis: {@code (x − μ)/√(σ² + ε)·γ + β}, as torch.nn.LayerNorm. */
  public static SDVariable layerNorm(SameDiff sd, SDVariable x, SDVariable gain, SDVariable bias,
      int lastAxis, double eps) {
    SDVariable mean = x.mean(true, lastAxis);
    SDVariable centred = x.sub(mean);
    SDVariable var = sd.math().square(centred).mean(true, lastAxis);
    SDVariable inv = sd.math().rsqrt(var.add(eps));
    return centred.mul(inv).mul(gain).add(bias);
  }

  /** Exact GELU, {@code 0.5·x·(1 + erf(x/√2))} (SameDiff's gelu is the sigmoid approximation). */
  public static SDVariable gelu(SameDiff sd, SDVariable x) {
    return x.mul(0.5).mul(sd.math().erf(x.mul(INV_SQRT2)).add(1.0));
  }

  /**
   * torch.roll along one axis of a tensor whose size on that axis is {@code size}:
   * {@code out[i] = in[(i − shift) mod size]}, built from two slices and a concat (the Roll op
   * has no gradient).
   */
  public static SDVariable roll(SameDiff sd, SDVariable x, int shift, int axis, int rank, int size) {
    int s = Math.floorMod(shift, size);
    if (s == 0) {
      return x;
    }
    SDVariable head = sliceAxis(sd, x, axis, rank, size - s, size);
    SDVariable tail = sliceAxis(sd, x, axis, rank, 0, size - s);
    return sd.concat(axis, head, tail);
  }

  /** {@code x[…, from:to, …]} on one axis, every other axis whole. */
  public static SDVariable sliceAxis(SameDiff sd, SDVariable x, int axis, int rank, int from, int to) {
    long[] begin = new long[rank];
    long[] end = new long[rank];
    long[] strides = new long[rank];
    int mask = 0;
    for (int d = 0; d < rank; d++) {
      strides[d] = 1;
      if (d == axis) {
        begin[d] = from;
        end[d] = to;
      } else {
        mask |= 1 << d;
      }
    }
    // beginMask/endMask bits: take the whole axis regardless of begin/end.
    return sd.stridedSlice(x, begin, end, strides, mask, mask, 0, 0, 0);
  }

  /** Zero-pads the given axes of a tensor at their end (bottom/right) by the given amounts. */
  public static SDVariable padEnd(SameDiff sd, SDVariable x, int rank, int[] axes, int[] amounts) {
    boolean any = false;
    int[][] pads = new int[rank][2];
    for (int i = 0; i < axes.length; i++) {
      pads[axes[i]][1] = amounts[i];
      any |= amounts[i] > 0;
    }
    if (!any) {
      return x;
    }
    SDVariable padding = sd.constant(Nd4j.createFromArray(pads).castTo(DataType.INT));
    return sd.nn().pad(x, padding, 0.0);
  }

  /** Keeps the first {@code h} rows and {@code w} columns of a (B, Hp, Wp, C) tensor. */
  public static SDVariable cropEnd(SameDiff sd, SDVariable x, int h, int w, int hp, int wp) {
    SDVariable y = h == hp ? x : sliceAxis(sd, x, 1, 4, 0, h);
    return w == wp ? y : sliceAxis(sd, y, 2, 4, 0, w);
  }
}
