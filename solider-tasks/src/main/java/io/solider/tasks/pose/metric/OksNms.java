package io.solider.tasks.pose.metric;

import io.solider.tasks.common.NumpyArgsort;
import io.solider.tasks.common.NumpySum;

/**
 * mmpose's {@code oks_nms(kpts_db, thr, sigmas)} (no visibility threshold): candidates in the order
 * of {@code scores.argsort()[::-1]} (NumPy's quicksort, reversed, so ties keep NumPy's order); each
 * kept candidate removes the remaining ones whose OKS with it exceeds {@code thr}. OKS here is
 * mmpose's {@code oks_iou}: over all 17 keypoints, squared distances in float32, scale the mean of
 * the two box areas, the result stored as float32.
 */
public final class OksNms {

  /** mmpose's COCO sigmas ({@code configs/_base_/datasets/coco.py}: 0.026, 0.025, …). */
  public static final double[] RELEASE_SIGMAS = {
    0.026, 0.025, 0.025, 0.035, 0.035, 0.079, 0.079, 0.072, 0.072, 0.062, 0.062, 0.107, 0.107, 0.087, 0.087,
    0.089, 0.089
  };

  private OksNms() {}

  /**
   * The indices kept, in the order they were kept.
   *
   * @param keypoints per candidate 17 × (x, y, score), float32
   * @param areas per candidate box area
   * @param scores per candidate score
   * @param threshold OKS above which a lower-scored candidate is dropped (0.9)
   * @param sigmas per-keypoint sigmas
   */
  public static int[] keep(float[][] keypoints, float[] areas, double[] scores, double threshold, double[] sigmas) {
    int n = scores.length;
    if (n == 0) {
      return new int[0];
    }
    double[] vars = new double[sigmas.length];
    for (int i = 0; i < vars.length; i++) {
      double s2 = sigmas[i] * 2;
      vars[i] = s2 * s2;
    }
    int[] asc = NumpyArgsort.argsort(scores);
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = asc[n - 1 - i];
    }
    int len = n;
    int[] kept = new int[n];
    int nk = 0;
    float thr = (float) threshold;
    while (len > 0) {
      int i = order[0];
      kept[nk++] = i;
      int m = 0;
      for (int j = 1; j < len; j++) {
        float oks = oks(keypoints[i], keypoints[order[j]], areas[i], areas[order[j]], vars);
        if (oks <= thr) {
          order[m++] = order[j];
        }
      }
      len = m;
    }
    return java.util.Arrays.copyOf(kept, nk);
  }

  /** {@code oks_iou} of one pair, as float32. */
  static float oks(float[] g, float[] d, float areaG, float areaD, double[] vars) {
    int k = vars.length;
    double scale = (areaG + areaD) / 2.0 + Math.ulp(1.0);
    double[] terms = new double[k];
    for (int j = 0; j < k; j++) {
      float dx = d[3 * j] - g[3 * j];
      float dy = d[3 * j + 1] - g[3 * j + 1];
      float sq = dx * dx + dy * dy;
      double e = sq / vars[j] / scale / 2;
      terms[j] = Math.exp(-e);
    }
    return (float) (NumpySum.sum(terms, 0, k) / k);
  }
}
