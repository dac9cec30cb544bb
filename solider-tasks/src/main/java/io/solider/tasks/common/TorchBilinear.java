package io.solider.tasks.common;

/**
 * {@code torch.nn.functional.interpolate(x, size, mode="bilinear", align_corners=False)} on a
 * float32 C×H×W image, as PyTorch's CPU kernel computes it: per output row/column the source
 * position {@code max(s·(i + ½) − ½, 0)} with the scale {@code s = in/out} rounded to float32 and
 * the position in double (PyTorch 1.13's weights, bit for bit), the two neighbours (the second
 * clamped to the edge) with float32 weights {@code 1 − λ, λ}, width interpolated first and the two
 * rows then blended in float32 (PyTorch's vectorised kernel orders these multiply-adds its own way:
 * results agree to one float32 ulp). No antialiasing (unlike PIL's resize). A dimension whose size
 * does not change is copied.
 */
public final class TorchBilinear {

  private TorchBilinear() {}

  /** Source indices and weights of one dimension. */
  private record Axis(int[] i0, int[] i1, float[] w0, float[] w1) {

    static Axis of(int in, int out) {
      int[] i0 = new int[out];
      int[] i1 = new int[out];
      float[] w0 = new float[out];
      float[] w1 = new float[out];
      float scale = (float) in / out;
      for (int o = 0; o < out; o++) {
        if (in == out) {
          i0[o] = o;
          i1[o] = o;
          w0[o] = 1f;
          w1[o] = 0f;
          continue;
        }
        double real = (double) scale * (o + 0.5) - 0.5;
        if (real < 0) {
          real = 0;
        }
        int idx = (int) real;
        i0[o] = idx;
        i1[o] = idx + (idx < in - 1 ? 1 : 0);
        float lambda = (float) Math.min(Math.max(real - idx, 0), 1);
        w1[o] = lambda;
        w0[o] = 1f - lambda;
      }
      return new Axis(i0, i1, w0, w1);
    }
  }

  /**
   * Resizes {@code channels} planes of {@code inH × inW} (row-major, plane after plane) to
   * {@code outH × outW}.
   */
  public static float[] resize(float[] src, int channels, int inH, int inW, int outH, int outW) {
    if (src.length != channels * inH * inW) {
      throw new IllegalArgumentException(src.length + " values for " + channels + "×" + inH + "×" + inW);
    }
    if (outH < 1 || outW < 1) {
      throw new IllegalArgumentException("output size " + outH + "×" + outW);
    }
    Axis ay = Axis.of(inH, outH);
    Axis ax = Axis.of(inW, outW);
    float[] out = new float[channels * outH * outW];
    for (int c = 0; c < channels; c++) {
      int plane = c * inH * inW;
      int dst = c * outH * outW;
      for (int y = 0; y < outH; y++) {
        int r0 = plane + ay.i0[y] * inW;
        int r1 = plane + ay.i1[y] * inW;
        float wy0 = ay.w0[y];
        float wy1 = ay.w1[y];
        for (int x = 0; x < outW; x++) {
          int x0 = ax.i0[x];
          int x1 = ax.i1[x];
          float t0 = src[r0 + x0] * ax.w0[x] + src[r0 + x1] * ax.w1[x];
          float t1 = src[r1 + x0] * ax.w0[x] + src[r1 + x1] * ax.w1[x];
          out[dst + y * outW + x] = t0 * wy0 + t1 * wy1;
        }
      }
    }
    return out;
  }
}
