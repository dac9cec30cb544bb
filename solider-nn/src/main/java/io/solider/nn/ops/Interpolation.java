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
 *
 * <p>The same bilinear weights serve two forms: dense (out, in) matrices for graphs and
 * {@link SeparableResampling} (a clamped index's two taps summed into one weight), and
 * {@link #resizeBilinear(float[], int, int, int, int, int, boolean)}, the plain-Java resize of images
 * and score maps that keeps the two taps as two products, as torch does (see there why the tasks
 * need that form).
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

  /**
   * Bilinear resize of {@code channels} float32 planes of {@code h × w} (row-major, plane after
   * plane) to {@code outH × outW} in plain Java, no graph: {@code F.interpolate(x, (outH, outW),
   * mode='bilinear', align_corners)} with torch's weights bit for bit ({@link #bilinear}), each
   * output the float32 sum of its two width taps' products per source row, {@code x[i0]·w0 +
   * x[i1]·w1}, and then of the two rows, {@code t0·wy0 + t1·wy1}. At the clamped last index both
   * taps read the same source value and stay two products, as torch's kernel keeps them. Torch's
   * vectorised CPU kernel orders (and fuses) these multiply-adds its own way, so results agree with
   * it to a float32 ulp or two, not bit for bit.
   *
   * <p>This is the arithmetic the tasks' data and post-processing reproduce (person search's
   * {@code GeneralizedRCNNTransform} resize, align_corners False; parsing's test-time rescaling and
   * score upsampling, align_corners True). The matrix form ({@link #bilinear},
   * {@link SeparableResampling}) holds the two taps of a clamped index summed into one weight,
   * {@code (1−λ) + λ} in float32, which rounds differently by an ulp there; it serves graphs and
   * gradients, this serves images.
   */
  public static float[] resizeBilinear(float[] src, int channels, int h, int w, int outH, int outW,
      boolean alignCorners) {
    if ((long) channels * h * w != src.length) {
      throw new IllegalArgumentException(channels + "×" + h + "×" + w + " planes need " + (long) channels * h * w
          + " values, got " + src.length);
    }
    Taps ys = Taps.bilinear(h, outH, alignCorners, 0);
    Taps xs = Taps.bilinear(w, outW, alignCorners, 0);
    float[] out = new float[channels * outH * outW];
    for (int c = 0; c < channels; c++) {
      int plane = c * h * w;
      int dst = c * outH * outW;
      for (int y = 0; y < outH; y++) {
        int r0 = plane + ys.i0[y] * w;
        int r1 = plane + ys.i1[y] * w;
        float wy0 = ys.w0[y];
        float wy1 = ys.w1[y];
        for (int x = 0; x < outW; x++) {
          int x0 = xs.i0[x];
          int x1 = xs.i1[x];
          float t0 = src[r0 + x0] * xs.w0[x] + src[r0 + x1] * xs.w1[x];
          float t1 = src[r1 + x0] * xs.w0[x] + src[r1 + x1] * xs.w1[x];
          out[dst + y * outW + x] = t0 * wy0 + t1 * wy1;
        }
      }
    }
    return out;
  }

  /** @param scaleFactor > 0 to use torch's scale-factor rule, else in/out */
  static float[][] bilinear(int in, int out, boolean alignCorners, double scaleFactor) {
    Taps t = Taps.bilinear(in, out, alignCorners, scaleFactor);
    float[][] m = new float[out][in];
    for (int i = 0; i < out; i++) {
      m[i][t.i0[i]] += t.w0[i];
      m[i][t.i1[i]] += t.w1[i];
    }
    return m;
  }

  /** The two source indices and weights of every output index along one axis. */
  private record Taps(int[] i0, int[] i1, float[] w0, float[] w1) {

    static Taps bilinear(int in, int out, boolean alignCorners, double scaleFactor) {
      checkSizes(in, out);
      int[] i0 = new int[out];
      int[] i1 = new int[out];
      float[] w0 = new float[out];
      float[] w1 = new float[out];
      if (out == in) { // torch copies
        for (int i = 0; i < out; i++) {
          i0[i] = i;
          i1[i] = i;
          w0[i] = 1f;
        }
        return new Taps(i0, i1, w0, w1);
      }
      // As torch: the scale in the tensor's type (float), the source coordinate in its accumulation type (double).
      float scale = alignCorners ? (out > 1 ? (float) (in - 1) / (out - 1) : 0f) : areaScale(in, out, scaleFactor);
      for (int i = 0; i < out; i++) {
        double src = alignCorners ? (double) scale * i : Math.max((double) scale * (i + 0.5) - 0.5, 0.0);
        int lo = (int) src;
        i0[i] = lo;
        i1[i] = lo < in - 1 ? lo + 1 : lo;
        float lambda = (float) (src - lo);
        w0[i] = 1f - lambda;
        w1[i] = lambda;
      }
      return new Taps(i0, i1, w0, w1);
    }
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
