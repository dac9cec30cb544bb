package io.solider.tasks.search.metric;

import io.solider.tasks.common.NumpySum;

/**
 * scikit-learn's {@code average_precision_score(y_true, y_score)} for binary labels (version 1.2),
 * step for step: scores sorted in decreasing order, one precision/recall point per distinct score
 * (tied scores form one point, so a tie between a hit and a miss counts as half right),
 * AP = −Σ (recall[k+1] − recall[k]) · precision[k] over the reversed curve, summed the way
 * {@code np.sum} does. Without any positive label recall is set to 1 everywhere and AP is 0
 * (scikit-learn warns; versions before 1.1 returned NaN).
 */
final class AveragePrecision {

  private AveragePrecision() {}

  /**
   * @param truth one label per score
   * @param scores float32 scores (compared as float32, as the release's arrays are)
   * @throws IllegalArgumentException when there are no scores (scikit-learn raises too)
   */
  static double of(boolean[] truth, float[] scores) {
    int n = scores.length;
    if (truth.length != n) {
      throw new IllegalArgumentException(truth.length + " labels for " + n + " scores");
    }
    if (n == 0) {
      throw new IllegalArgumentException("average precision of an empty ranking");
    }
    // Descending order; ties are grouped below, so their internal order does not matter.
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> Float.compare(scores[b], scores[a]));
    // Cumulative true positives at the last index of each run of equal scores.
    double[] tpsAt = new double[n];
    int[] idxAt = new int[n];
    int m = 0;
    double tp = 0;
    for (int k = 0; k < n; k++) {
      tp += truth[order[k]] ? 1.0 : 0.0;
      if (k == n - 1 || scores[order[k + 1]] != scores[order[k]]) {
        tpsAt[m] = tp;
        idxAt[m] = k;
        m++;
      }
    }
    double total = tpsAt[m - 1];
    double[] precision = new double[m];
    double[] recall = new double[m];
    for (int t = 0; t < m; t++) {
      double fps = 1 + idxAt[t] - tpsAt[t];
      precision[t] = tpsAt[t] / (tpsAt[t] + fps);
      recall[t] = total == 0 ? 1.0 : tpsAt[t] / total;
    }
    // Reversed curve with the end point (precision 1, recall 0) appended.
    double[] terms = new double[m];
    for (int k = 0; k < m; k++) {
      double r0 = recall[m - 1 - k];
      double r1 = k + 1 < m ? recall[m - 2 - k] : 0.0;
      terms[k] = (r1 - r0) * precision[m - 1 - k];
    }
    return -NumpySum.sum(terms);
  }
}
