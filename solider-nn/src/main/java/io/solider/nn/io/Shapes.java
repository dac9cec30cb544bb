package io.solider.nn.io;

/** Element counts and dense strides of array shapes (in elements, not bytes). */
public final class Shapes {

  private Shapes() {}

  /** Number of elements of {@code shape} (1 for a scalar). */
  public static long length(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  /** Strides of a dense C-order (row-major) array. */
  public static long[] cStrides(long[] shape) {
    long[] st = new long[shape.length];
    long s = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      st[i] = s;
      s *= shape[i];
    }
    return st;
  }

  /** Strides of a dense Fortran-order (column-major) array. */
  public static long[] fortranStrides(long[] shape) {
    long[] st = new long[shape.length];
    long s = 1;
    for (int i = 0; i < shape.length; i++) {
      st[i] = s;
      s *= shape[i];
    }
    return st;
  }
}
