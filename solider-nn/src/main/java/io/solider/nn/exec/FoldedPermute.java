package io.solider.nn.exec;

import java.util.ArrayList;
import java.util.List;

/**
 * A permute of a c-order array rewritten at the lowest rank that describes the same copy: axes of
 * size 1 are dropped, and axes that stay neighbours in the same order are merged into one. The
 * window partition {@code (B, Hb, w, Wb, w, C) → (B, Hb, Wb, w, w, C)} becomes
 * {@code (B·Hb, w, Wb, w·C) → (B·Hb, Wb, w, w·C)}. libnd4j copies a rank-6 permute element by
 * element through generic index arithmetic, some 20 times slower than the same copy at rank 4, and
 * the copy is the same bytes to the bit.
 *
 * @param inputShape the shape to view the (c-order) input as
 * @param permutation the permutation of that view
 * @param outputShape the shape to view the (c-order) output as
 */
record FoldedPermute(long[] inputShape, int[] permutation, long[] outputShape) {

  /**
   * Folds {@code permutation} of an array of {@code shape}; null if nothing folds (the permute
   * runs as it is).
   */
  static FoldedPermute of(long[] shape, long[] permutation) {
    int rank = shape.length;
    if (permutation.length != rank || rank < 2) {
      return null;
    }
    // Relabel the axes kept (size ≠ 1) 0..k-1 in input order.
    int[] label = new int[rank];
    int kept = 0;
    for (int d = 0; d < rank; d++) {
      label[d] = shape[d] == 1 ? -1 : kept++;
    }
    List<Integer> order = new ArrayList<>(); // kept input axes in output order
    List<Long> size = new ArrayList<>();
    for (long p : permutation) {
      if (p < 0 || p >= rank) {
        return null;
      }
      if (label[(int) p] >= 0) {
        order.add(label[(int) p]);
        size.add(shape[(int) p]);
      }
    }
    // Runs of consecutive input axes in the output order become one axis.
    List<Integer> groupFirst = new ArrayList<>();
    List<Long> groupSize = new ArrayList<>();
    for (int i = 0; i < order.size(); i++) {
      if (i > 0 && order.get(i) == order.get(i - 1) + 1) {
        int g = groupSize.size() - 1;
        groupSize.set(g, groupSize.get(g) * size.get(i));
      } else {
        groupFirst.add(order.get(i));
        groupSize.add(size.get(i));
      }
    }
    int groups = groupFirst.size();
    if (groups == rank) {
      return null;
    }
    if (groups == 0) { // every axis of size 1
      groupFirst.add(0);
      groupSize.add(1L);
      groups = 1;
    }
    // Group g (in output order) is axis rankInInput[g] of the folded input.
    int[] rankInInput = new int[groups];
    long[] in = new long[groups];
    long[] out = new long[groups];
    for (int g = 0; g < groups; g++) {
      int r = 0;
      for (int h = 0; h < groups; h++) {
        if (groupFirst.get(h) < groupFirst.get(g)) {
          r++;
        }
      }
      rankInInput[g] = r;
      in[r] = groupSize.get(g);
      out[g] = groupSize.get(g);
    }
    return new FoldedPermute(in, rankInInput, out);
  }

  /** The permutation as a permute op's integer arguments. */
  long[] permutationArgs() {
    long[] a = new long[permutation.length];
    for (int i = 0; i < a.length; i++) {
      a[i] = permutation[i];
    }
    return a;
  }
}
