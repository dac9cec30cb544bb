package io.solider.nn.checkpoint;

import java.util.Arrays;

/**
 * Checks of a tensor's layout as a file states it (shape, strides, storage offset), with
 * overflow-safe arithmetic, before anything is read: sizes and the offset are non-negative, every
 * dimension longer than one has a non-negative stride (torch writes no negative strides; the
 * stride of a dimension of length 0 or 1 is never used, so any value is accepted there, as torch
 * does), and the bytes the tensor spans are a 63-bit number.
 */
final class TensorLayout {

  /** Most dimensions accepted (torch allows 64 at most). */
  static final int MAX_RANK = 64;
  /** Largest tensor that can be materialised, in bytes (one Java array). */
  static final long MAX_MATERIALIZED_BYTES = Integer.MAX_VALUE - 8L;

  private TensorLayout() {}

  /** Fails with a {@link MalformedPickle} naming the problem unless the layout is consistent. */
  static void check(TensorDType dtype, long[] shape, long[] strides, long offset) {
    String problem = problem(dtype, shape, strides, offset);
    if (problem != null) {
      throw new MalformedPickle(problem);
    }
  }

  /** The problem with a layout, or null if it is consistent. */
  static String problem(TensorDType dtype, long[] shape, long[] strides, long offset) {
    if (shape.length > MAX_RANK) {
      return "a tensor has " + shape.length + " dimensions (at most " + MAX_RANK + ")";
    }
    if (shape.length != strides.length) {
      return "a tensor's size " + Arrays.toString(shape) + " and stride " + Arrays.toString(strides)
          + " differ in length";
    }
    if (offset < 0) {
      return "a tensor has the negative storage offset " + offset;
    }
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] < 0) {
        return "a tensor has the negative size " + shape[i] + " in " + Arrays.toString(shape);
      }
      if (shape[i] > 1 && strides[i] < 0) {
        return "a tensor has the negative stride " + strides[i] + " in " + Arrays.toString(strides);
      }
    }
    if (numel(shape) < 0) {
      return "a tensor of size " + Arrays.toString(shape) + " has more than 2^63 elements";
    }
    if (endByte(dtype, shape, strides, offset) < 0) {
      return "a tensor of size " + Arrays.toString(shape) + ", stride " + Arrays.toString(strides) + " at offset "
          + offset + " reaches beyond 2^63 bytes";
    }
    return null;
  }

  /** Number of elements, or −1 if it overflows a long. */
  static long numel(long[] shape) {
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        return -1;
      }
      try {
        n = Math.multiplyExact(n, d);
      } catch (ArithmeticException e) {
        return -1;
      }
    }
    return n;
  }

  /**
   * Bytes of storage the tensor needs from its start: (offset + last element index + 1) × element
   * size, 0 for an empty tensor beyond its offset; −1 if that overflows a long or the layout has a
   * negative size or offset.
   */
  static long endByte(TensorDType dtype, long[] shape, long[] strides, long offset) {
    if (offset < 0) {
      return -1;
    }
    try {
      long last = 0;
      for (int i = 0; i < shape.length; i++) {
        if (shape[i] < 0) {
          return -1;
        }
        if (shape[i] == 0) {
          return Math.multiplyExact(offset, dtype.size());
        }
        if (shape[i] > 1) {
          last = Math.addExact(last, Math.multiplyExact(shape[i] - 1, strides[i]));
        }
      }
      return Math.multiplyExact(Math.addExact(Math.addExact(offset, last), 1), dtype.size());
    } catch (ArithmeticException e) {
      return -1;
    }
  }

  /** Bytes of the materialised (dense) tensor, or −1 if it overflows a long. */
  static long denseBytes(TensorDType dtype, long[] shape) {
    long n = numel(shape);
    if (n < 0) {
      return -1;
    }
    try {
      return Math.multiplyExact(n, dtype.size());
    } catch (ArithmeticException e) {
      return -1;
    }
  }
}
