package io.solider.nn.ops;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * {@code F.interpolate} of NCHW maps (PyTorch 1.13, CPU, no antialias) as separable
 * interpolation-matrix products, with exact gradients (SameDiff's resize ops have none). The
 * weights are computed in float as torch computes them for float tensors.
 *
 * <p>Bilinear: output index i reads source coordinate {@code s = i·(in−1)/(out−1)} with
 * align_corners=True, or {@code max((i + ½)·scale − ½, 0)} with align_corners=False, where scale is
 * {@code in/out} when the output size is given and {@code 1/scale_factor} when a scale factor is
 * given (torch keeps the factor unless recompute_scale_factor is set, so e.g. 10 → ×0.75 → 7 uses
 * 1/0.75, not 10/7). Then {@code i0 = min(⌊s⌋, in−1)}, {@code i1 = min(i0+1, in−1)},
 * {@code λ = s − i0}: weights 1−λ and λ. With a scale factor the output size is
 * {@code ⌊in·factor⌋}; align_corners=True ignores the factor's value beyond that.
 *
 * <p>Nearest (mode='nearest'): {@code i ↦ min(⌊i·scale⌋, in−1)} in float, the same scale rule.
 */
public final class Interpolation {

  private Interpolation() {}

  /** The output size torch gives an axis of length {@code in} resized by {@code scaleFactor}. */
  public static int outputSize(int in, double scaleFactor) {
    return (int) Math.floor(in * scaleFactor);
  }

  /** (out, in) bilinear weights for a given output size. */
  public static float[][] bilinear(int in, int out, boolean alignCorners) {
    return bilinear(in, out, alignCorners, 0);
  }

  /** (⌊in·factor⌋, in) bilinear weights for a scale factor. */
  public static float[][] bilinearScaled(int in, double scaleFactor, boolean alignCorners) {
    checkFactor(scaleFactor);
    return bilinear(in, outputSize(in, scaleFactor), alignCorners, scaleFactor);
  }

  /** (out, in) nearest-neighbour selection for a given output size. */
  public static float[][] nearest(int in, int out) {
    return nearest(in, out, 0);
  }

  /** (⌊in·factor⌋, in) nearest-neighbour selection for a scale factor. */
  public static float[][] nearestScaled(int in, double scaleFactor) {
    checkFactor(scaleFactor);
    return nearest(in, outputSize(in, scaleFactor), scaleFactor);
  }

  /** Bilinear resize of x (B, C, h, w) to (B, C, outH, outW). */
  public static SDVariable resizeBilinear(SameDiff sd, SDVariable x, int channels, int h, int w, int outH, int outW,
      boolean alignCorners) {
    return SeparableResampling.apply(sd, x, channels, bilinear(h, outH, alignCorners), bilinear(w, outW, alignCorners));
  }

  /** Bilinear resize of x (B, C, h, w) by a scale factor, to (B, C, ⌊h·factor⌋, ⌊w·factor⌋). */
  public static SDVariable resizeBilinearScaled(SameDiff sd, SDVariable x, int channels, int h, int w,
      double scaleFactor, boolean alignCorners) {
    return SeparableResampling.apply(sd, x, channels, bilinearScaled(h, scaleFactor, alignCorners),
        bilinearScaled(w, scaleFactor, alignCorners));
  }

  /** Nearest resize of x (B, C, h, w) to (B, C, outH, outW). */
  public static SDVariable resizeNearest(SameDiff sd, SDVariable x, int channels, int h, int w, int outH, int outW) {
    return SeparableResampling.apply(sd, x, channels, nearest(h, outH), nearest(w, outW));
  }

  /** @param scaleFactor > 0 to use torch's scale-factor rule, else in/out */
  static float[][] bilinear(int in, int out, boolean alignCorners, double scaleFactor) {
    checkSizes(in, out);
    float[][] m = new float[out][in];
    if (out == in) { // torch copies
      for (int i = 0; i < out; i++) {
        m[i][i] = 1f;
      }
      return m;
    }
    // As torch: the scale in the tensor's type (float), the source coordinate in its accumulation type (double).
    float scale = alignCorners ? (out > 1 ? (float) (in - 1) / (out - 1) : 0f) : areaScale(in, out, scaleFactor);
    for (int i = 0; i < out; i++) {
      double src = alignCorners ? (double) scale * i : Math.max((double) scale * (i + 0.5) - 0.5, 0.0);
      int i0 = (int) src;
      int i1 = i0 < in - 1 ? i0 + 1 : i0;
      float lambda = (float) (src - i0);
      m[i][i0] += 1f - lambda;
      m[i][i1] += lambda;
    }
    return m;
  }

  static float[][] nearest(int in, int out, double scaleFactor) {
    checkSizes(in, out);
    float scale = areaScale(in, out, scaleFactor);
    float[][] m = new float[out][in];
    for (int i = 0; i < out; i++) {
      int src = out == in ? i : out == 2 * in ? i >> 1 : Math.min((int) Math.floor(i * scale), in - 1);
      m[i][src] = 1f;
    }
    return m;
  }

  private static float areaScale(int in, int out, double scaleFactor) {
    return scaleFactor > 0 ? (float) (1.0 / scaleFactor) : (float) in / out;
  }

  private static void checkSizes(int in, int out) {
    if (in < 1 || out < 1) {
      throw new IllegalArgumentException("interpolation needs positive sizes, got " + in + " → " + out);
    }
  }

  private static void checkFactor(double f) {
    if (!(f > 0)) {
      throw new IllegalArgumentException("scale factor must be positive, got " + f);
    }
  }
}
