package io.solider.tasks.common;

/**
 * {@code np.argsort(a)} with NumPy's default {@code kind='quicksort'} (introsort: median-of-three
 * quicksort, insertion sort below 16 elements, heapsort past the depth limit), reproduced step by
 * step so that ties come out in NumPy's order. Code that reproduces a release's post-processing
 * (e.g. mmpose's OKS-NMS, which orders by {@code scores.argsort()[::-1]}) needs that order: it is
 * not stable, and with ties it decides which of two equal-scored candidates is kept.
 */
public final class NumpyArgsort {

  private static final int SMALL_QUICKSORT = 15;

  private NumpyArgsort() {}

  /** NumPy's float comparison for sorting: NaN sorts last. */
  private static boolean less(double a, double b) {
    return a < b || (b != b && a == a);
  }

  /**
   * {@code np.argsort(v)} of a float32 array: the values widen to double exactly, so the order
   * (ties included) is the float32 sort's.
   */
  public static int[] argsort(float[] v) {
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      d[i] = v[i];
    }
    return argsort(d);
  }

  /** {@code np.argsort(v)[::-1]}: descending, NumPy's tie order reversed. */
  public static int[] argsortDescending(float[] v) {
    int[] asc = argsort(v);
    int[] out = new int[asc.length];
    for (int i = 0; i < asc.length; i++) {
      out[i] = asc[asc.length - 1 - i];
    }
    return out;
  }

  /** The indices that sort {@code v} ascending, as {@code np.argsort(v)} (NaN last). */
  public static int[] argsort(double[] v) {
    int num = v.length;
    int[] a = new int[num];
    for (int i = 0; i < num; i++) {
      a[i] = i;
    }
    if (num < 2) {
      return a;
    }
    int[] stack = new int[256];
    int[] depthStack = new int[128];
    int sp = 0;
    int dp = 0;
    int pl = 0;
    int pr = num - 1;
    int cdepth = msb(num) * 2;
    for (;;) {
      if (cdepth < 0) {
        heapsort(v, a, pl, pr - pl + 1);
      } else {
        while (pr - pl > SMALL_QUICKSORT) {
          int pm = pl + ((pr - pl) >> 1);
          if (less(v[a[pm]], v[a[pl]])) {
            swap(a, pm, pl);
          }
          if (less(v[a[pr]], v[a[pm]])) {
            swap(a, pr, pm);
          }
          if (less(v[a[pm]], v[a[pl]])) {
            swap(a, pm, pl);
          }
          double vp = v[a[pm]];
          int pi = pl;
          int pj = pr - 1;
          swap(a, pm, pj);
          for (;;) {
            do {
              ++pi;
            } while (less(v[a[pi]], vp));
            do {
              --pj;
            } while (less(vp, v[a[pj]]));
            if (pi >= pj) {
              break;
            }
            swap(a, pi, pj);
          }
          swap(a, pi, pr - 1);
          // Push the larger partition, continue with the smaller.
          if (pi - pl < pr - pi) {
            stack[sp++] = pi + 1;
            stack[sp++] = pr;
            pr = pi - 1;
          } else {
            stack[sp++] = pl;
            stack[sp++] = pi - 1;
            pl = pi + 1;
          }
          depthStack[dp++] = --cdepth;
        }
        for (int pi = pl + 1; pi <= pr; ++pi) {
          int vi = a[pi];
          double vv = v[vi];
          int pj = pi;
          int pk = pi - 1;
          while (pj > pl && less(vv, v[a[pk]])) {
            a[pj--] = a[pk--];
          }
          a[pj] = vi;
        }
      }
      if (sp == 0) {
        break;
      }
      pr = stack[--sp];
      pl = stack[--sp];
      cdepth = depthStack[--dp];
    }
    return a;
  }

  /** NumPy's {@code aheapsort} on {@code a[from .. from+n)} (also {@code np.argsort(kind='heapsort')}). */
  static void heapsort(double[] v, int[] a, int from, int n) {
    // 1-based heap indexing: element i is a[from + i - 1].
    int base = from - 1;
    for (int l = n >> 1; l > 0; --l) {
      siftDown(v, a, base, a[base + l], l, n);
    }
    while (n > 1) {
      int tmp = a[base + n];
      a[base + n] = a[base + 1];
      n -= 1;
      siftDown(v, a, base, tmp, 1, n);
    }
  }

  /** Moves {@code tmp} down from heap position {@code i} in a heap of {@code n}, as NumPy's loop does. */
  private static void siftDown(double[] v, int[] a, int base, int tmp, int i, int n) {
    for (int j = i << 1; j <= n; ) {
      if (j < n && less(v[a[base + j]], v[a[base + j + 1]])) {
        j++;
      }
      if (less(v[tmp], v[a[base + j]])) {
        a[base + i] = a[base + j];
        i = j;
        j += j;
      } else {
        break;
      }
    }
    a[base + i] = tmp;
  }

  private static int msb(int n) {
    return 31 - Integer.numberOfLeadingZeros(n);
  }

  private static void swap(int[] a, int i, int j) {
    int t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}
