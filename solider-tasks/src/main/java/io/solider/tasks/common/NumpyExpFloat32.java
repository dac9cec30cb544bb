package io.solider.tasks.common;

/**
 * {@code np.exp} on float32 arrays as NumPy's vectorised kernel (AVX2/AVX512F, NumPy ≥ 1.18)
 * computes it, which is not correctly rounded: about half of the values of a σ = 2 Gaussian window
 * come out one ulp away from {@code (float) Math.exp(x)}. Reproduced so that targets the release
 * built with NumPy (e.g. mmpose's heatmaps) are equal to the bit.
 *
 * <p>Algorithm: k = rint(x·log₂e) (by adding and subtracting 1.5·2²³); Cody–Waite reduction
 * r = x + k·c₁ + k·c₂ with fused multiply-adds; a rational approximation P₅(r)/Q₂(r) evaluated by
 * fused Horner steps; the result scaled by 2ᵏ through the exponent bits (with the subnormal branch).
 * x ≥ 88.7228… gives +∞, x ≤ −103.972… gives 0, NaN stays NaN.
 */
public final class NumpyExpFloat32 {

  private static final float LOG2E = Float.intBitsToFloat(0x3FB8AA3B);
  private static final float C1 = Float.intBitsToFloat(0xBF317200);
  private static final float C2 = Float.intBitsToFloat(0xB5BFBE8E);
  private static final float MAGIC = Float.intBitsToFloat(0x4B400000);
  private static final float XMAX = Float.intBitsToFloat(0x42B17218);
  private static final float XMIN = Float.intBitsToFloat(0xC2CFF1B5);
  private static final float[] P = {
    Float.intBitsToFloat(0x3F800000), Float.intBitsToFloat(0x3F39CBD5), Float.intBitsToFloat(0x3E7D4C58),
    Float.intBitsToFloat(0x3D517D8C), Float.intBitsToFloat(0x3BDD7159), Float.intBitsToFloat(0x3A053DD8),
  };
  private static final float[] Q = {
    Float.intBitsToFloat(0x3F800000), Float.intBitsToFloat(0xBE8C6857), Float.intBitsToFloat(0x3CB0E832),
  };
  private static final float MIN_QUADRANT = -125f;

  private NumpyExpFloat32() {}

  /** NumPy's float32 {@code exp(x)}. */
  public static float exp(float x) {
    if (Float.isNaN(x)) {
      return Float.NaN;
    }
    if (x >= XMAX) {
      return Float.POSITIVE_INFINITY;
    }
    if (x <= XMIN) {
      return 0f;
    }
    float k = (x * LOG2E + MAGIC) - MAGIC;
    float r = Math.fma(k, C1, x);
    r = Math.fma(k, C2, r);
    r = Math.fma(k, 0f, r);
    float num = Math.fma(P[5], r, P[4]);
    num = Math.fma(num, r, P[3]);
    num = Math.fma(num, r, P[2]);
    num = Math.fma(num, r, P[1]);
    num = Math.fma(num, r, P[0]);
    float den = Math.fma(Q[2], r, Q[1]);
    den = Math.fma(den, r, Q[0]);
    return scale(num / den, k);
  }

  /** poly·2ᵏ by adding k to the exponent bits; below 2⁻¹²⁵ the rest is divided out. */
  private static float scale(float poly, float k) {
    if (k <= MIN_QUADRANT) {
      int diff = Math.round(0f - (k - MIN_QUADRANT));
      float scaled = Float.intBitsToFloat(Float.floatToRawIntBits(poly) + ((int) MIN_QUADRANT << 23));
      return scaled / (float) (1L << diff);
    }
    return Float.intBitsToFloat(Float.floatToRawIntBits(poly) + ((int) k << 23));
  }
}
