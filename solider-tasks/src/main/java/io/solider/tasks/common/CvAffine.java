package io.solider.tasks.common;

/**
 * OpenCV's affine-matrix arithmetic, reproduced to the last bit so that warps computed from these
 * matrices land on the same pixels as the release's: {@code cv::getAffineTransform} (a 6×6 linear
 * system solved by LU with partial pivoting in double, as OpenCV's {@code solve(..., DECOMP_LU)})
 * and the inversion {@code cv::warpAffine} applies to a forward matrix.
 *
 * <p>Matrices are {@code double[6]}: {@code {m00, m01, m02, m10, m11, m12}}, mapping (x, y) to
 * (m00·x + m01·y + m02, m10·x + m11·y + m12).
 */
public final class CvAffine {

  private static final double EPS = 2.220446049250313e-16 * 100; // DBL_EPSILON·100, OpenCV's LU threshold

  private CvAffine() {}

  /**
   * The matrix mapping the three points {@code src} to {@code dst} (each {x0, y0, x1, y1, x2, y2},
   * float32 as OpenCV receives them).
   *
   * @throws IllegalArgumentException if the source points are collinear
   */
  public static double[] fromTriangles(float[] src, float[] dst) {
    if (src.length != 6 || dst.length != 6) {
      throw new IllegalArgumentException("three points (6 values) each, got " + src.length + " and " + dst.length);
    }
    double[] a = new double[36];
    double[] b = new double[6];
    for (int i = 0; i < 3; i++) {
      int j = i * 12;
      int k = i * 12 + 6;
      a[j] = a[k + 3] = src[2 * i];
      a[j + 1] = a[k + 4] = src[2 * i + 1];
      a[j + 2] = a[k + 5] = 1;
      b[i * 2] = dst[2 * i];
      b[i * 2 + 1] = dst[2 * i + 1];
    }
    if (!solveLu(a, b, 6)) {
      throw new IllegalArgumentException("the source points are collinear: no affine transform");
    }
    return b;
  }

  /** The inverse of {@code m}, with {@code cv::warpAffine}'s arithmetic (0 for a singular matrix). */
  public static double[] invert(double[] m) {
    double d = m[0] * m[4] - m[1] * m[3];
    d = d != 0 ? 1. / d : 0;
    double a11 = m[4] * d;
    double a22 = m[0] * d;
    double m01 = m[1] * -d;
    double m10 = m[3] * -d;
    double b1 = -a11 * m[2] - m01 * m[5];
    double b2 = -m10 * m[2] - a22 * m[5];
    return new double[] {a11, m01, b1, m10, a22, b2};
  }

  /** Gaussian elimination with partial pivoting, in OpenCV's operation order; b is overwritten. */
  private static boolean solveLu(double[] a, double[] b, int m) {
    for (int i = 0; i < m; i++) {
      int k = i;
      for (int j = i + 1; j < m; j++) {
        if (Math.abs(a[j * m + i]) > Math.abs(a[k * m + i])) {
          k = j;
        }
      }
      if (Math.abs(a[k * m + i]) < EPS) {
        return false;
      }
      if (k != i) {
        for (int j = i; j < m; j++) {
          double t = a[i * m + j];
          a[i * m + j] = a[k * m + j];
          a[k * m + j] = t;
        }
        double t = b[i];
        b[i] = b[k];
        b[k] = t;
      }
      double d = -1 / a[i * m + i];
      for (int j = i + 1; j < m; j++) {
        double alpha = a[j * m + i] * d;
        for (int c = i + 1; c < m; c++) {
          a[j * m + c] += alpha * a[i * m + c];
        }
        b[j] += alpha * b[i];
      }
      a[i * m + i] = -d;
    }
    for (int i = m - 1; i >= 0; i--) {
      double s = b[i];
      for (int c = i + 1; c < m; c++) {
        s -= a[i * m + c] * b[c];
      }
      b[i] = s * a[i * m + i];
    }
    return true;
  }
}
