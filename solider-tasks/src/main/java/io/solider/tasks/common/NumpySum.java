package io.solider.tasks.common;

/**
 * Float64 sums in NumPy's order ({@code np.sum}, {@code np.mean} of a contiguous 1-D array): pairwise
 * summation over halves cut at multiples of 8, with blocks of at most 128 summed in 8 interleaved
 * partial sums, and fewer than 8 values summed left to right. Reproduced metrics then equal NumPy's
 * to the last bit rather than to a rounding error.
 */
public final class NumpySum {

  private static final int BLOCK = 128;

  private NumpySum() {}

  /** {@code np.sum(a[from:from+n])}. */
  public static double sum(double[] a, int from, int n) {
    if (from < 0 || n < 0 || from + n > a.length) {
      throw new IndexOutOfBoundsException("range " + from + "+" + n + " of " + a.length);
    }
    // The reduction starts from the additive identity 0.0 (so an empty sum is 0.0 and -0.0 sums to 0.0).
    return 0.0 + pairwise(a, from, n);
  }

  /** {@code np.mean(a[0:n])}: the sum divided by {@code n}. */
  public static double mean(double[] a, int n) {
    return sum(a, 0, n) / n;
  }

  private static double pairwise(double[] a, int from, int n) {
    if (n < 8) {
      double res = 0.0;
      for (int i = 0; i < n; i++) {
        res += a[from + i];
      }
      return res;
    }
    if (n <= BLOCK) {
      double r0 = a[from];
      double r1 = a[from + 1];
      double r2 = a[from + 2];
      double r3 = a[from + 3];
      double r4 = a[from + 4];
      double r5 = a[from + 5];
      double r6 = a[from + 6];
      double r7 = a[from + 7];
      int i = 8;
      for (; i < n - (n % 8); i += 8) {
        int p = from + i;
        r0 += a[p];
        r1 += a[p + 1];
        r2 += a[p + 2];
        r3 += a[p + 3];
        r4 += a[p + 4];
        r5 += a[p + 5];
        r6 += a[p + 6];
        r7 += a[p + 7];
      }
      double res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
      for (; i < n; i++) {
        res += a[from + i];
      }
      return res;
    }
    int n2 = n / 2;
    n2 -= n2 % 8;
    return pairwise(a, from, n2) + pairwise(a, from + n2, n - n2);
  }
}
