package io.solider.nn.ops;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Derived constants of shifted-window attention: relative-position index, its one-hot gather
 * matrix and the shift mask. None of these are weights; they are rebuilt from the geometry.
 */
public final class WindowGeometry {

  /** Value added to attention logits between tokens of different shift regions (as the release). */
  public static final float SHIFT_MASK_VALUE = -100f;

  private WindowGeometry() {}

  /** Rounds {@code n} up to a multiple of {@code m}. */
  public static int padTo(int n, int m) {
    return (n + m - 1) / m * m;
  }

  /**
   * Row of the relative-position bias table for every pair (i, j) of a window's tokens, row-major
   * over i then j: {@code (Δrow + w − 1)·(2w − 1) + (Δcol + w − 1)} with Δ = position(i) −
   * position(j).
   *
   * @return {@code w² · w²} indices into a table of {@code (2w − 1)²} rows
   */
  public static int[] relativePositionIndex(int window) {
    int n = window * window;
    int side = 2 * window - 1;
    int[] index = new int[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        int dr = i / window - j / window;
        int dc = i % window - j % window;
        index[i * n + j] = (dr + window - 1) * side + (dc + window - 1);
      }
    }
    return index;
  }

  /**
   * One-hot matrix G of shape {@code (w⁴, (2w − 1)²)} with {@code G·table} = the bias table
   * gathered by {@link #relativePositionIndex}. A matmul keeps the gradient exact where
   * SameDiff's gather does not (repeated indices).
   */
  public static INDArray relativePositionOneHot(int window) {
    int[] index = relativePositionIndex(window);
    int rows = (2 * window - 1) * (2 * window - 1);
    float[] data = new float[index.length * rows];
    for (int p = 0; p < index.length; p++) {
      data[p * rows + index[p]] = 1f;
    }
    return Nd4j.create(data, new long[] {index.length, rows}, 'c');
  }

  /**
   * Shift mask of a padded {@code paddedH × paddedW} map cyclically shifted by {@code shift}:
   * regions are the row slices [0, Hp−w), [Hp−w, Hp−s), [Hp−s, Hp) times the same column slices;
   * within each window, a token pair from different regions gets {@link #SHIFT_MASK_VALUE}.
   *
   * @return {@code (numWindows, w², w²)}, windows in row-major order
   */
  public static INDArray shiftMask(int paddedH, int paddedW, int window, int shift) {
    if (paddedH % window != 0 || paddedW % window != 0) {
      throw new IllegalArgumentException("padded map " + paddedH + "x" + paddedW
          + " is not a multiple of the window " + window);
    }
    int[][] region = new int[paddedH][paddedW];
    for (int r = 0; r < paddedH; r++) {
      for (int c = 0; c < paddedW; c++) {
        region[r][c] = 3 * band(r, paddedH, window, shift) + band(c, paddedW, window, shift);
      }
    }
    int nh = paddedH / window;
    int nw = paddedW / window;
    int n = window * window;
    float[] data = new float[nh * nw * n * n];
    for (int wy = 0; wy < nh; wy++) {
      for (int wx = 0; wx < nw; wx++) {
        int base = (wy * nw + wx) * n * n;
        for (int i = 0; i < n; i++) {
          int ri = region[wy * window + i / window][wx * window + i % window];
          for (int j = 0; j < n; j++) {
            int rj = region[wy * window + j / window][wx * window + j % window];
            data[base + i * n + j] = ri == rj ? 0f : SHIFT_MASK_VALUE;
          }
        }
      }
    }
    return Nd4j.create(data, new long[] {(long) nh * nw, n, n}, 'c').castTo(DataType.FLOAT);
  }

  private static int band(int pos, int size, int window, int shift) {
    if (pos < size - window) {
      return 0;
    }
    return pos < size - shift ? 1 : 2;
  }
}
