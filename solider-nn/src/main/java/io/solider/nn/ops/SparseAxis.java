package io.solider.nn.ops;

import java.util.Arrays;

/**
 * A linear map of one axis whose output cells each read a short contiguous range of input cells
 * (interpolation, pooling, RoI sampling): output p is {@code Σ_t weights[p][t] · in[from[p] + t]}.
 * {@code lo … hi} is the union of the ranges (hi &lt; lo when every range is empty). The plane
 * kernels apply two such maps to one (H, W) plane of a C-ordered float array, forward
 * ({@code A_y · F · A_xᵀ}) and transposed, touching only the rows and columns the ranges cover.
 */
record SparseAxis(int[] from, float[][] weights, int lo, int hi) {

  /** The non-zero range of every row of a dense (out, in) matrix. */
  static SparseAxis of(float[][] dense) {
    int out = dense.length;
    int[] from = new int[out];
    float[][] weights = new float[out][];
    int lo = Integer.MAX_VALUE;
    int hi = -1;
    for (int p = 0; p < out; p++) {
      int first = 0;
      while (first < dense[p].length && dense[p][first] == 0f) {
        first++;
      }
      int last = dense[p].length - 1;
      while (last >= first && dense[p][last] == 0f) {
        last--;
      }
      from[p] = last < first ? 0 : first;
      weights[p] = last < first ? new float[0] : Arrays.copyOfRange(dense[p], first, last + 1);
      if (last >= first) {
        lo = Math.min(lo, first);
        hi = Math.max(hi, last);
      }
    }
    return new SparseAxis(from, weights, hi < 0 ? 0 : lo, hi);
  }

  int size() {
    return from.length;
  }

  /** Rows (or columns) of the input the map reads. */
  int window() {
    return Math.max(hi - lo + 1, 0);
  }

  /** Floats held. */
  long floats() {
    long n = from.length;
    for (float[] w : weights) {
      n += w.length;
    }
    return n;
  }

  /**
   * {@code out[o + p·ox + q] = Σ A_y[p, i] · in[plane + i·width + j] · A_x[q, j]}.
   *
   * @param rows scratch of at least (hi + 1)·x.size() floats
   */
  static void forwardPlane(float[] in, int plane, int width, SparseAxis y, SparseAxis x, float[] out, int o,
      float[] rows) {
    int ox = x.size();
    for (int i = y.lo; i <= y.hi; i++) {
      int row = plane + i * width;
      for (int q = 0; q < ox; q++) {
        float[] w = x.weights[q];
        int j0 = row + x.from[q];
        float acc = 0;
        for (int t = 0; t < w.length; t++) {
          acc += w[t] * in[j0 + t];
        }
        rows[i * ox + q] = acc;
      }
    }
    for (int p = 0; p < y.size(); p++) {
      float[] w = y.weights[p];
      int r0 = y.from[p] * ox;
      int op = o + p * ox;
      Arrays.fill(out, op, op + ox, 0f);
      for (int t = 0; t < w.length; t++) { // whole output rows at a time: the inner loop vectorises
        float wt = w[t];
        int r = r0 + t * ox;
        for (int q = 0; q < ox; q++) {
          out[op + q] += wt * rows[r + q];
        }
      }
    }
  }

  /**
   * The transpose: {@code grad[plane + i·width + j] += Σ A_y[p, i] · g[o + p·ox + q] · A_x[q, j]}.
   *
   * @param rows scratch of at least (hi + 1)·x.size() floats
   */
  static void adjointPlane(float[] g, int o, SparseAxis y, SparseAxis x, float[] grad, int plane, int width,
      float[] rows) {
    if (y.hi < y.lo || x.hi < x.lo) {
      return;
    }
    int ox = x.size();
    Arrays.fill(rows, y.lo * ox, (y.hi + 1) * ox, 0f);
    for (int p = 0; p < y.size(); p++) {
      float[] w = y.weights[p];
      int i0 = y.from[p];
      for (int t = 0; t < w.length; t++) {
        float wt = w[t];
        int r = (i0 + t) * ox;
        int gp = o + p * ox;
        for (int q = 0; q < ox; q++) {
          rows[r + q] += wt * g[gp + q];
        }
      }
    }
    for (int i = y.lo; i <= y.hi; i++) {
      int row = plane + i * width;
      for (int q = 0; q < ox; q++) {
        float[] w = x.weights[q];
        int j0 = row + x.from[q];
        float v = rows[i * ox + q];
        for (int t = 0; t < w.length; t++) {
          grad[j0 + t] += w[t] * v;
        }
      }
    }
  }
}
