package io.solider.tasks.attribute.metric;

import io.solider.tasks.common.NumpySum;

/**
 * The release's {@code get_pedestrian_metrics} (metrics/pedestrian_metrics.py), operation for
 * operation so that every number equals the release's in float64:
 * <ul>
 *   <li>an attribute is predicted when {@code prob > threshold}, strictly, compared in the
 *       probabilities' own precision (NumPy compares a float32 array with float32(threshold));
 *   <li>every ratio adds ε = 1e-20 to its denominator, so an empty denominator gives 0, never NaN:
 *       an image with no positive in truth and prediction scores 0 (not 1) in the instance
 *       metrics, an attribute without positives in truth has positive recall 0;
 *   <li>{@code label_acc} is TP / (TP + FP + FN), a Jaccard index;
 *   <li>instance F1 is computed from the mean precision and mean recall;
 *   <li>means are NumPy's (pairwise summation in blocks of 8192, see {@link NumpySum}).
 * </ul>
 * Label values other than exactly 0 and 1 (the release's RAP data has 2 for "uncertain") are
 * treated as the release does: such an entry counts as neither positive nor negative for its
 * attribute (it enters none of TP, FP, TN, FN) and as not positive in the instance metrics, where
 * a prediction on it still counts in |pred| and |pred ∪ truth|.
 *
 * <p>Stateless; the matrices are row-major, one row per image and one column per attribute.
 */
public final class AttributeEvaluator {

  /** The release's ε, added to every denominator. */
  public static final double EPS = 1e-20;

  /** The release's default threshold on the sigmoid probability. */
  public static final double DEFAULT_THRESHOLD = 0.5;

  /** {@code probs > threshold} for float32 probabilities: compared in float32, as NumPy does. */
  public static boolean[] predict(float[] probs, double threshold) {
    float t = (float) threshold;
    boolean[] out = new boolean[probs.length];
    for (int i = 0; i < probs.length; i++) {
      out[i] = probs[i] > t;
    }
    return out;
  }

  /** {@code probs > threshold} for float64 probabilities. */
  public static boolean[] predict(double[] probs, double threshold) {
    boolean[] out = new boolean[probs.length];
    for (int i = 0; i < probs.length; i++) {
      out[i] = probs[i] > threshold;
    }
    return out;
  }

  /**
   * The metrics of thresholded predictions against labels.
   *
   * @param predicted (N, A) row-major: attribute predicted present
   * @param labels (N, A) row-major ground truth (1 = present, 0 = absent, anything else: neither)
   * @param attributes A ≥ 1
   */
  public AttributeEvaluation evaluate(boolean[] predicted, double[] labels, int attributes) {
    if (attributes < 1) {
      throw new IllegalArgumentException("need at least one attribute, got " + attributes);
    }
    if (predicted.length != labels.length || labels.length % attributes != 0) {
      throw new IllegalArgumentException("predictions (" + predicted.length + " values) and labels (" + labels.length
          + " values) must both be N x " + attributes);
    }
    int samples = labels.length / attributes;
    if (samples < 1) {
      throw new IllegalArgumentException("need at least one image, got none");
    }
    LabelMetrics perLabel = labelMetrics(predicted, labels, samples, attributes);
    return new AttributeEvaluation(NumpySum.mean(perLabel.ma()), instanceMetrics(predicted, labels, samples,
        attributes), perLabel);
  }

  private static LabelMetrics labelMetrics(boolean[] pred, double[] gt, int n, int a) {
    double[] posRecall = new double[a];
    double[] negRecall = new double[a];
    double[] ma = new double[a];
    double[] prec = new double[a];
    double[] acc = new double[a];
    double[] f1 = new double[a];
    long[] errors = new long[a];
    long[] fns = new long[a];
    long[] fps = new long[a];
    for (int j = 0; j < a; j++) {
      long gtPos = 0;
      long gtNeg = 0;
      long tp = 0;
      long tn = 0;
      long fp = 0;
      long fn = 0;
      for (int i = 0; i < n; i++) {
        int k = i * a + j;
        if (gt[k] == 1) {
          gtPos++;
          if (pred[k]) {
            tp++;
          } else {
            fn++;
          }
        } else if (gt[k] == 0) {
          gtNeg++;
          if (pred[k]) {
            fp++;
          } else {
            tn++;
          }
        }
      }
      // Same operations in the same order as the release (float64 counts).
      posRecall[j] = 1.0 * tp / ((double) gtPos + EPS);
      negRecall[j] = 1.0 * tn / ((double) gtNeg + EPS);
      ma[j] = (posRecall[j] + negRecall[j]) / 2;
      prec[j] = tp / ((double) tp + fp + EPS);
      acc[j] = tp / ((double) tp + fp + fn + EPS);
      f1[j] = 2 * prec[j] * posRecall[j] / (prec[j] + posRecall[j] + EPS);
      errors[j] = fp + fn;
      fns[j] = fn;
      fps[j] = fp;
    }
    return new LabelMetrics(posRecall, negRecall, ma, prec, acc, f1, errors, fns, fps);
  }

  private static InstanceMetrics instanceMetrics(boolean[] pred, double[] gt, int n, int a) {
    double[] acc = new double[n];
    double[] prec = new double[n];
    double[] recall = new double[n];
    for (int i = 0; i < n; i++) {
      long gtPos = 0;
      long predPos = 0;
      long intersect = 0;
      long union = 0;
      for (int j = 0; j < a; j++) {
        int k = i * a + j;
        boolean truth = gt[k] == 1;
        if (truth) {
          gtPos++;
        }
        if (pred[k]) {
          predPos++;
        }
        if (truth && pred[k]) {
          intersect++;
        }
        if (truth || pred[k]) {
          union++;
        }
      }
      acc[i] = intersect / ((double) union + EPS);
      prec[i] = intersect / ((double) predPos + EPS);
      recall[i] = intersect / ((double) gtPos + EPS);
    }
    double p = NumpySum.mean(prec);
    double r = NumpySum.mean(recall);
    return new InstanceMetrics(NumpySum.mean(acc), p, r, 2 * p * r / (p + r + EPS));
  }
}
