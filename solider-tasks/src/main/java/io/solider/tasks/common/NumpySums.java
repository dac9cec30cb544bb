package io.solider.tasks.common;

/**
 * Sums and means of float64 vectors in NumPy's order of additions, so that a metric averaged
 * here equals the release's {@code np.mean} bit for bit. NumPy reduces a contiguous 1-D array
 * in blocks of its buffer size (8192 elements), adding the blocks' sums one after the other; each
 * block is summed pairwise ({@code pairwise_sum} in {@code loops_utils.h.src}): fewer than 8
 * values one by one, up to 128 values with eight interleaved partial sums, longer runs split in
 * two halves (the first a multiple of 8 long) and summed recursively.
 */
public final class NumpySums {

  /** NumPy's default ufunc buffer size: a reduction's inner loop sees at most this many values. */
  static final int BUFFER = 8192;
  private static final int BLOCK = 128;
  private static final int UNROLL = 8;

  private NumpySums() {}

  /** {@code np.sum(x)} of a 1-D float64 array. */
  public static double sum(double[] x) {
    double total = 0;
    for (int start = 0; start < x.length; start += BUFFER) {
      total += pairwise(x, start, Math.min(BUFFER, x.length - start));
    }
    return total;
  }

  /** {@code np.mean(x)}: {@link #sum} divided by the length (NaN for an empty array, as NumPy). */
  public static double mean(double[] x) {
    return sum(x) / x.length;
  }

  private static double pairwise(double[] a, int from, int n) {
    if (n < UNROLL) {
      double res = 0;
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
