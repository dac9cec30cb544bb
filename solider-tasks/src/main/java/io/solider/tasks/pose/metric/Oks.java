package io.solider.tasks.pose.metric;

import io.solider.tasks.common.NumpySum;

/**
 * Object keypoint similarity as pycocotools' {@code COCOeval.computeOks} computes it, operation for
 * operation: {@code e = (dx² + dy²) / (2σ)² / (area + ε) / 2} per keypoint, OKS = mean of
 * {@code exp(−e)}.
 *
 * <ul>
 *   <li>Over the GT keypoints with v &gt; 0 when there are any.
 *   <li>Otherwise over all 17, with dx, dy the distance from the detected keypoint to the GT box
 *       enlarged by its own size on every side ({@code [x − w, x + 2w] × [y − h, y + 2h]}), zero
 *       inside it.
 *   <li>ε is {@code np.spacing(1)} = 2⁻⁵²; the area is the annotation's {@code area}.
 * </ul>
 */
public final class Oks {

  private static final double EPS = Math.ulp(1.0);

  /** pycocotools' sigmas, {@code np.array([.26, .25, …]) / 10.0} (a few differ in the last bit from 0.026…). */
  private static final double[] SIGMAS_TIMES_10 = {
    .26, .25, .25, .35, .35, .79, .79, .72, .72, .62, .62, 1.07, 1.07, .87, .87, .89, .89
  };

  private Oks() {}

  /** The 17 COCO keypoint sigmas as COCOeval computes them ({@code /10.0}). */
  public static double[] cocoevalSigmas() {
    double[] s = new double[SIGMAS_TIMES_10.length];
    for (int i = 0; i < s.length; i++) {
      s[i] = SIGMAS_TIMES_10[i] / 10.0;
    }
    return s;
  }

  /** {@code (sigmas * 2) ** 2}. */
  public static double[] variances(double[] sigmas) {
    double[] v = new double[sigmas.length];
    for (int i = 0; i < v.length; i++) {
      double s2 = sigmas[i] * 2;
      v[i] = s2 * s2;
    }
    return v;
  }

  /** The OKS of detected keypoints {@code d} (17 × (x, y, c)) against {@code gt}. */
  public static double of(double[] variances, KeypointGroundTruth.Person gt, double[] d) {
    int k = variances.length;
    double[] g = gt.keypoints();
    int labelled = gt.labelled();
    double[] bb = gt.bbox();
    double x0 = bb[0] - bb[2];
    double x1 = bb[0] + bb[2] * 2;
    double y0 = bb[1] - bb[3];
    double y1 = bb[1] + bb[3] * 2;
    double scale = gt.area() + EPS;
    double[] terms = new double[k];
    int n = 0;
    for (int j = 0; j < k; j++) {
      double xd = d[3 * j];
      double yd = d[3 * j + 1];
      double dx;
      double dy;
      if (labelled > 0) {
        if (!(g[3 * j + 2] > 0)) {
          continue;
        }
        dx = xd - g[3 * j];
        dy = yd - g[3 * j + 1];
      } else {
        dx = Math.max(0, x0 - xd) + Math.max(0, xd - x1);
        dy = Math.max(0, y0 - yd) + Math.max(0, yd - y1);
      }
      double e = (dx * dx + dy * dy) / variances[j] / scale / 2;
      terms[n++] = Math.exp(-e);
    }
    return NumpySum.sum(terms, 0, n) / n;
  }
}
