package io.solider.tasks.common;

/**
 * Sums and means of float64 values in numpy's order ({@code np.sum} / {@code np.mean} over a
 * contiguous 1-D array: pairwise summation with eight accumulators, blocks of 128), so that a
 * metric averaged here has the same last bit as the release's.
 */
public final class NumpySum {

  private static final int BLOCK = 128;

  private NumpySum() {}

  /** {@code np.sum(x)}. */
  public static double sum(double[] x) {
    return pairwise(x, 0, x.length);
  }

  /** {@code np.mean(x)}: the pairwise sum divided by the count (NaN for no values). */
  public static double mean(double[] x) {
    return sum(x) / x.length;
  }

  private static double pairwise(double[] a, int from, int n) {
    if (n < 8) {
      // numpy starts from -0.0 so that a sum of negative zeros stays -0.0
      double res = -0.0;
      for (int i = 0; i < n; i++) {
        res += a[from + i];
      }
      return res;
    } else if (n <= BLOCK) {
      double[] r = new double[8];
      for (int k = 0; k < 8; k++) {
        r[k] = a[from + k];
      }
      int i;
      for (i = 8; i < n - (n % 8); i += 8) {
        for (int k = 0; k < 8; k++) {
          r[k] += a[from + i + k];
        }
      }
      double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
      for (; i < n; i++) {
        res += a[from + i];
      }
      return res;
    } else {
      int n2 = n / 2;
      n2 -= n2 % 8;
      return pairwise(a, from, n2) + pairwise(a, from + n2, n - n2);
    }
  }
}
