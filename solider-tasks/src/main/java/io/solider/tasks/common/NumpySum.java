package io.solider.tasks.common;

/**
 * Sums and means of float64 values in NumPy's order of additions ({@code np.sum} / {@code np.mean}
 * of a contiguous 1-D array), so that a metric averaged here equals the release's bit for bit.
 * NumPy reduces in blocks of its buffer size (8192 values), adding the blocks' sums one after the
 * other; each block is summed pairwise ({@code pairwise_sum} in {@code loops_utils.h.src}): fewer
 * than 8 values one by one, up to 128 values in eight interleaved partial sums, longer runs split
 * in two halves (the first a multiple of 8 long) and summed recursively.
 */
public final class NumpySum {

  /** NumPy's default ufunc buffer size: a reduction's inner loop sees at most this many values. */
  static final int BUFFER = 8192;
  private static final int BLOCK = 128;
  private static final int UNROLL = 8;

  private NumpySum() {}

  /** {@code np.sum(x)}. */
  public static double sum(double[] x) {
    return sum(x, 0, x.length);
  }

  /** {@code np.sum(a[from:from+n])}. */
  public static double sum(double[] a, int from, int n) {
    if (from < 0 || n < 0 || from + n > a.length) {
      throw new IndexOutOfBoundsException("range " + from + "+" + n + " of " + a.length);
    }
    // The reduction starts from the additive identity 0.0 (an empty sum is 0.0).
    double total = 0.0;
    for (int start = 0; start < n; start += BUFFER) {
      total += pairwise(a, from + start, Math.min(BUFFER, n - start));
    }
    return total;
  }

  /** {@code np.mean(x)}: the sum divided by the count (NaN for no values, as NumPy). */
  public static double mean(double[] x) {
    return sum(x) / x.length;
  }

  /** {@code np.mean(a[0:n])}. */
  public static double mean(double[] a, int n) {
    return sum(a, 0, n) / n;
  }

  private static double pairwise(double[] a, int from, int n) {
    if (n < UNROLL) {
      // NumPy starts a short run from -0.0, so that a run of negative zeros stays -0.0.
      double res = -0.0;
      for (int i = 0; i < n; i++) {
        res += a[from + i];
      }
      return res;
    }
    if (n <= BLOCK) {
      double[] r = new double[UNROLL];
      System.arraycopy(a, from, r, 0, UNROLL);
      int i = UNROLL;
      for (; i < n - n % UNROLL; i += UNROLL) {
        for (int j = 0; j < UNROLL; j++) {
          r[j] += a[from + i + j];
        }
      }
      double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
      for (; i < n; i++) {
        res += a[from + i];
      }
      return res;
    }
    int n2 = n / 2;
    n2 -= n2 % UNROLL;
    return pairwise(a, from, n2) + pairwise(a, from + n2, n - n2);
  }
}
