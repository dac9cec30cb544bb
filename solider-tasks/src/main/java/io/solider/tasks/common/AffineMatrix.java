package io.solider.tasks.common;

import java.util.Optional;

/**
 * A 2×3 affine matrix {@code [[a, b, c], [d, e, f]]} mapping (x, y) to
 * {@code (a·x + b·y + c, d·x + e·y + f)}, with OpenCV's own arithmetic for the operations OpenCV
 * performs on it ({@link #fromPoints} = {@code cv2.getAffineTransform}, {@link #inverse} = the
 * inversion inside {@code cv2.warpAffine}), so that warps built on it match OpenCV's to the pixel.
 * Used by pose's and parsing's crop geometry ({@link CropTransform}) and {@link AffineWarp}.
 */
public record AffineMatrix(double a, double b, double c, double d, double e, double f) {

  /** The six entries row-major. */
  public double[] toArray() {
    return new double[] {a, b, c, d, e, f};
  }

  /** Row-major entries {@code m[0..5]}. */
  public static AffineMatrix of(double[] m) {
    if (m.length != 6) {
      throw new IllegalArgumentException("an affine matrix has 6 entries, got " + m.length);
    }
    return new AffineMatrix(m[0], m[1], m[2], m[3], m[4], m[5]);
  }

  /** x of the image of (x, y). */
  public double x(double x, double y) {
    return a * x + b * y + c;
  }

  /** y of the image of (x, y). */
  public double y(double x, double y) {
    return d * x + e * y + f;
  }

  /**
   * The inverse as {@code cv2.warpAffine} computes it (and {@code cv2.invertAffineTransform}): a
   * singular matrix gives the zero linear part.
   */
  public AffineMatrix inverse() {
    double det = a * e - b * d;
    det = det != 0 ? 1. / det : 0;
    double a11 = e * det;
    double a22 = a * det;
    double m1 = b * -det;
    double m3 = d * -det;
    double b1 = -a11 * c - m1 * f;
    double b2 = -m3 * c - a22 * f;
    return new AffineMatrix(a11, m1, b1, m3, a22, b2);
  }

  /**
   * {@code cv2.getAffineTransform(src, dst)}: the affine map taking three source points to three
   * destination points, each given as float32 (x, y) pairs as OpenCV receives them, solved as
   * OpenCV 4.6 solves the 6×6 system ({@code LUImpl}: Gaussian elimination with partial pivoting,
   * back substitution dividing by the pivots; bit-exact against Debian's cv2 on the pose and parsing
   * references); a singular system (collinear source points) gives the zero matrix, as {@code cv::solve}.
   *
   * @param src x0, y0, x1, y1, x2, y2
   * @param dst x0, y0, x1, y1, x2, y2
   */
  public static AffineMatrix fromPoints(float[] src, float[] dst) {
    return solve(src, dst).orElse(new AffineMatrix(0, 0, 0, 0, 0, 0));
  }

  /**
   * {@link #fromPoints}, empty where OpenCV's solver reports a singular system (a pivot below
   * 100·DBL_EPSILON: the source points are collinear, or nearly), for callers that must refuse such
   * input rather than warp with the zero matrix.
   */
  public static Optional<AffineMatrix> solve(float[] src, float[] dst) {
    if (src.length != 6 || dst.length != 6) {
      throw new IllegalArgumentException("three (x, y) points (6 values) each are needed, got " + src.length + " and "
          + dst.length);
    }
    double[][] m = new double[6][6];
    double[] rhs = new double[6];
    for (int i = 0; i < 3; i++) {
      m[2 * i][0] = m[2 * i + 1][3] = src[2 * i];
      m[2 * i][1] = m[2 * i + 1][4] = src[2 * i + 1];
      m[2 * i][2] = m[2 * i + 1][5] = 1;
      rhs[2 * i] = dst[2 * i];
      rhs[2 * i + 1] = dst[2 * i + 1];
    }
    return solveLu(m, rhs) ? Optional.of(of(rhs)) : Optional.empty();
  }

  /** OpenCV's {@code LUImpl} for one right-hand side, in place; false when (numerically) singular. */
  private static boolean solveLu(double[][] a, double[] b) {
    final double eps = Math.ulp(1.0) * 100;
    int n = b.length;
    for (int i = 0; i < n; i++) {
      int k = i;
      for (int j = i + 1; j < n; j++) {
        if (Math.abs(a[j][i]) > Math.abs(a[k][i])) {
          k = j;
        }
      }
      if (Math.abs(a[k][i]) < eps) {
        return false;
      }
      if (k != i) {
        double[] row = a[i];
        a[i] = a[k];
        a[k] = row;
        double t = b[i];
        b[i] = b[k];
        b[k] = t;
      }
      double d = -1 / a[i][i];
      for (int j = i + 1; j < n; j++) {
        double alpha = a[j][i] * d;
        for (int c = i + 1; c < n; c++) {
          a[j][c] += alpha * a[i][c];
        }
        b[j] += alpha * b[i];
      }
    }
    for (int i = n - 1; i >= 0; i--) {
      double s = b[i];
      for (int k = i + 1; k < n; k++) {
        s -= a[i][k] * b[k];
      }
      b[i] = s / a[i][i];
    }
    return true;
  }
}
