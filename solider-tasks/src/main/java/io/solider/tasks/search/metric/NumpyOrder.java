package io.solider.tasks.search.metric;

/**
 * NumPy's {@code np.argsort(a)} (default kind, an introsort) and {@code np.sum} of a float64
 * array, reproduced operation for operation. The release's evaluation ranks detections with
 * {@code np.argsort(sim)[::-1]}; when similarities tie, which detection comes first is decided by
 * this quicksort's partitioning, not by position, and top-k accuracy depends on it. Its averages
 * go through {@code np.sum}, whose pairwise summation rounds differently from a plain loop.
 */
final class NumpyOrder {

  /** Partitions at most this long (pr − pl ≤ 15) are insertion-sorted ({@code SMALL_QUICKSORT}). */
  private static final int SMALL_QUICKSORT = 15;
  /** Pairwise summation block ({@code PW_BLOCKSIZE}). */
  private static final int PW_BLOCKSIZE = 128;
  /** {@code np.add.reduce} feeds the inner loop in chunks of the ufunc buffer size. */
  private static final int BUFFER_SIZE = 8192;

  private NumpyOrder() {}

  /** NumPy's float comparison for sorting: NaN sorts last. */
  private static boolean less(float a, float b) {
    return a < b || (b != b && a == a);
  }

  /** {@code np.argsort(v)} for a float32 array (ascending, NumPy's tie order). */
  static int[] argsort(float[] v) {
    int num = v.length;
    int[] tosort = new int[num];
    for (int i = 0; i < num; i++) {
      tosort[i] = i;
    }
    if (num < 2) {
      return tosort;
    }
    int pl = 0;
    int pr = num - 1;
    int[] stack = new int[256];
    int[] depth = new int[128];
    int sp = 0;
    int dp = 0;
    int cdepth = (31 - Integer.numberOfLeadingZeros(num)) * 2;
    while (true) {
      if (cdepth < 0) {
        heapsort(v, tosort, pl, pr - pl + 1);
      } else {
        while (pr - pl > SMALL_QUICKSORT) {
          int pm = pl + ((pr - pl) >> 1);
          if (less(v[tosort[pm]], v[tosort[pl]])) {
            swap(tosort, pm, pl);
          }
          if (less(v[tosort[pr]], v[tosort[pm]])) {
            swap(tosort, pr, pm);
          }
          if (less(v[tosort[pm]], v[tosort[pl]])) {
            swap(tosort, pm, pl);
          }
          float vp = v[tosort[pm]];
          int pi = pl;
          int pj = pr - 1;
          swap(tosort, pm, pj);
          while (true) {
            do {
              pi++;
            } while (less(v[tosort[pi]], vp));
            do {
              pj--;
            } while (less(vp, v[tosort[pj]]));
            if (pi >= pj) {
              break;
            }
            swap(tosort, pi, pj);
          }
          swap(tosort, pi, pr - 1);
          // Push the larger partition, continue with the smaller one.
          if (pi - pl < pr - pi) {
            stack[sp++] = pi + 1;
            stack[sp++] = pr;
            pr = pi - 1;
          } else {
            stack[sp++] = pl;
            stack[sp++] = pi - 1;
            pl = pi + 1;
          }
          depth[dp++] = --cdepth;
        }
        for (int pi = pl + 1; pi <= pr; pi++) {
          int vi = tosort[pi];
          float vp = v[vi];
          int pj = pi;
          int pk = pi - 1;
          while (pj > pl && less(vp, v[tosort[pk]])) {
            tosort[pj--] = tosort[pk--];
          }
          tosort[pj] = vi;
        }
      }
      if (sp == 0) {
        break;
      }
      pr = stack[--sp];
      pl = stack[--sp];
      cdepth = depth[--dp];
    }
    return tosort;
  }

  /** NumPy's {@code aheapsort} on {@code tosort[off .. off+n)}, its fallback past the depth limit. */
  private static void heapsort(float[] v, int[] tosort, int off, int n) {
    // 1-based heap indexing as in NumPy: a[k] is tosort[off + k - 1].
    int base = off - 1;
    for (int l = n >> 1; l > 0; l--) {
      siftDown(v, tosort, base, tosort[base + l], l, n);
    }
    for (; n > 1; ) {
      int tmp = tosort[base + n];
      tosort[base + n] = tosort[base + 1];
      n--;
      siftDown(v, tosort, base, tmp, 1, n);
    }
  }

  /** Places {@code tmp} at heap position {@code i} of a heap of {@code n}, moving larger children up. */
  private static void siftDown(float[] v, int[] tosort, int base, int tmp, int i, int n) {
    for (int j = i << 1; j <= n; ) {
      if (j < n && less(v[tosort[base + j]], v[tosort[base + j + 1]])) {
        j++;
      }
      if (less(v[tmp], v[tosort[base + j]])) {
        tosort[base + i] = tosort[base + j];
        i = j;
        j += j;
      } else {
        break;
      }
    }
    tosort[base + i] = tmp;
  }

  private static void swap(int[] a, int i, int j) {
    int t = a[i];
    a[i] = a[j];
    a[j] = t;
  }

  /** {@code np.argsort(v)[::-1]}: descending, NumPy's tie order reversed. */
  static int[] argsortDescending(float[] v) {
    int[] asc = argsort(v);
    int[] out = new int[asc.length];
    for (int i = 0; i < asc.length; i++) {
      out[i] = asc[asc.length - 1 - i];
    }
    return out;
  }

  /** {@code np.sum} of a contiguous float64 array: pairwise sums of 8192-element chunks, added in order. */
  static double sum(double[] a) {
    double acc = 0;
    for (int off = 0; off < a.length; off += BUFFER_SIZE) {
      acc += pairwise(a, off, Math.min(BUFFER_SIZE, a.length - off));
    }
    return acc;
  }

  /** {@code np.mean} of a float64 array: {@link #sum} divided by the count. */
  static double mean(double[] a) {
    return sum(a) / a.length;
  }

  /** NumPy's {@code pairwise_sum}: 8 interleaved accumulators per block of ≤ 128, halves above. */
  private static double pairwise(double[] a, int off, int n) {
    if (n < 8) {
      double res = 0.;
      for (int i = 0; i < n; i++) {
        res += a[off + i];
      }
      return res;
    }
    if (n <= PW_BLOCKSIZE) {
      double[] r = new double[8];
      System.arraycopy(a, off, r, 0, 8);
      int i = 8;
      for (; i < n - (n % 8); i += 8) {
        for (int k = 0; k < 8; k++) {
          r[k] += a[off + i + k];
        }
      }
      double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
      for (; i < n; i++) {
        res += a[off + i];
      }
      return res;
    }
    int n2 = n / 2;
    n2 -= n2 % 8;
    return pairwise(a, off, n2) + pairwise(a, off + n2, n - n2);
  }
}
