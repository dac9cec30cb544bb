package io.solider.tasks.attribute.metric;

/**
 * The release's per-attribute metrics, one value per attribute in the model's attribute order.
 * Counts: TP, FN over images labelled exactly 1; TN, FP over images labelled exactly 0.
 *
 * @param posRecall TP / (TP + FN + ε)
 * @param negRecall TN / (TN + FP + ε)
 * @param ma (posRecall + negRecall) / 2
 * @param prec TP / (TP + FP + ε)
 * @param acc TP / (TP + FP + FN + ε), a Jaccard index, not (TP + TN) / n
 * @param f1 2·prec·posRecall / (prec + posRecall + ε)
 * @param errors FP + FN
 * @param falseNegatives FN
 * @param falsePositives FP
 */
public record LabelMetrics(double[] posRecall, double[] negRecall, double[] ma, double[] prec, double[] acc,
    double[] f1, long[] errors, long[] falseNegatives, long[] falsePositives) {

  /** Number of attributes. */
  public int attributes() {
    return ma.length;
  }
}
