package io.solider.tasks.common;

/**
 * Bilinear resizing of (C, H, W) float maps with corner alignment, as PyTorch's
 * {@code F.interpolate(x, size, mode='bilinear', align_corners=True)} (and {@code
 * nn.Upsample(scale_factor=s, ...)}, whose output size is ⌊size·s⌋): output pixel o samples the
 * input at o·(in − 1)/(out − 1), the ratio in float32, blending the two neighbours along the width
 * and then along the height, in float32.
 *
 * <p>This is plain Java for data and post-processing (no gradient). It agrees with PyTorch's CPU
 * kernel to a few float32 ulps, not bit for bit: that kernel is compiled with fused multiply-adds.
 */
public final class AlignedBilinear {

  private AlignedBilinear() {}

  /** {@code ⌊size·scale⌋}, the output size of {@code nn.Upsample(scale_factor=scale)}. */
  public static int scaledSize(int size, double scale) {
    return (int) Math.floor(size * scale);
  }

  /**
   * Resizes {@code channels} maps of {@code height × width} (row-major, one after the other) to
   * {@code outHeight × outWidth}.
   */
  public static float[] resize(float[] src, int channels, int height, int width, int outHeight, int outWidth) {
    if ((long) channels * height * width != src.length) {
      throw new IllegalArgumentException(channels + "×" + height + "×" + width + " maps need "
          + (long) channels * height * width + " values, got " + src.length);
    }
    if (outHeight < 1 || outWidth < 1) {
      throw new IllegalArgumentException("output size must be positive, got " + outHeight + "×" + outWidth);
    }
    Axis ys = axis(height, outHeight);
    Axis xs = axis(width, outWidth);
    float[] out = new float[channels * outHeight * outWidth];
    for (int c = 0; c < channels; c++) {
      int in = c * height * width;
      int o = c * outHeight * outWidth;
      for (int y = 0; y < outHeight; y++) {
        int r0 = in + ys.i0[y] * width;
        int r1 = in + ys.i1[y] * width;
        float wy0 = ys.w0[y];
        float wy1 = ys.w1[y];
        for (int x = 0; x < outWidth; x++) {
          int x0 = xs.i0[x];
          int x1 = xs.i1[x];
          float t0 = src[r0 + x0] * xs.w0[x] + src[r0 + x1] * xs.w1[x];
          float t1 = src[r1 + x0] * xs.w0[x] + src[r1 + x1] * xs.w1[x];
          out[o + y * outWidth + x] = t0 * wy0 + t1 * wy1;
        }
      }
    }
    return out;
  }

  /** Source indices and weights along one axis. */
  private record Axis(int[] i0, int[] i1, float[] w0, float[] w1) {}

  private static Axis axis(int in, int out) {
    int[] i0 = new int[out];
    int[] i1 = new int[out];
    float[] w0 = new float[out];
    float[] w1 = new float[out];
    float ratio = out > 1 ? (float) (in - 1) / (out - 1) : 0f;
    for (int o = 0; o < out; o++) {
      if (in == out) {
        i0[o] = o;
        i1[o] = o;
        w0[o] = 1;
        continue;
      }
      double real = (double) ratio * o; // exact product of the float ratio and the index
      int lo = (int) real;
      i0[o] = lo;
      i1[o] = lo + (lo < in - 1 ? 1 : 0);
      float lambda = (float) Math.min(Math.max(real - lo, 0), 1);
      w1[o] = lambda;
      w0[o] = 1f - lambda;
    }
    return new Axis(i0, i1, w0, w1);
  }
}
