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

  /** The indices that sort {@code v} ascending, as {@code np.argsort(v)} (no NaN). */
  public static int[] argsort(double[] v) {
    int num = v.length;
    int[] a = new int[num];
    for (int i = 0; i < num; i++) {
      a[i] = i;
    }
    if (num < 2) {
      return a;
    }
    int[] stack = new int[128];
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
          if (v[a[pm]] < v[a[pl]]) {
            swap(a, pm, pl);
          }
          if (v[a[pr]] < v[a[pm]]) {
            swap(a, pr, pm);
          }
          if (v[a[pm]] < v[a[pl]]) {
            swap(a, pm, pl);
          }
          double vp = v[a[pm]];
          int pi = pl;
          int pj = pr - 1;
          swap(a, pm, pj);
          for (;;) {
            do {
              ++pi;
            } while (v[a[pi]] < vp);
            do {
              --pj;
            } while (vp < v[a[pj]]);
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
          while (pj > pl && vv < v[a[pk]]) {
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
      if (j < n && v[a[base + j]] < v[a[base + j + 1]]) {
        j++;
      }
      if (v[tmp] < v[a[base + j]]) {
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
