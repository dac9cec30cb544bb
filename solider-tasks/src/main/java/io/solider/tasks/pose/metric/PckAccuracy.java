package io.solider.tasks.pose.metric;

import io.solider.tasks.common.NumpySum;

/**
 * The training accuracy mmpose logs as {@code acc_pose} ({@code TopdownHeatmapSimpleHead.get_accuracy}
 * → {@code pose_pck_accuracy(output, target, target_weight > 0)}, thr 0.05):
 * <ol>
 *   <li>each heatmap's first maximum (x, y) ({@code _get_max_preds}), (−1, −1) where the maximum is
 *       not positive; likewise for the targets;
 *   <li>the distance ‖(pred − gt) / (H, W)‖ for joints with a positive target weight — note that
 *       x is divided by the heatmap <em>height</em> and y by its width, as the release does;
 *   <li>per joint the fraction of distances below 0.05 (joints without any weighted sample are
 *       left out); the mean over joints, 0 if none.
 * </ol>
 */
public final class PckAccuracy {

  /** The release's threshold. */
  public static final double THRESHOLD = 0.05;

  private PckAccuracy() {}

  /**
   * {@code avg_acc} of {@code pose_pck_accuracy}.
   *
   * @param output N × K × H × W predicted heatmaps
   * @param target N × K × H × W target heatmaps
   * @param weight N × K target weights (a joint counts where its weight is positive)
   */
  public static double of(float[] output, float[] target, float[] weight, int n, int k, int h, int w) {
    if (output.length != n * k * h * w || target.length != output.length || weight.length != n * k) {
      throw new IllegalArgumentException("expected two " + n + "×" + k + "×" + h + "×" + w + " heatmap arrays and "
          + n * k + " weights");
    }
    double[] acc = new double[k];
    int valid = 0;
    for (int j = 0; j < k; j++) {
      int counted = 0;
      int below = 0;
      for (int b = 0; b < n; b++) {
        if (!(weight[b * k + j] > 0)) {
          continue;
        }
        int base = (b * k + j) * h * w;
        float[] p = maxPosition(output, base, h * w, w);
        float[] g = maxPosition(target, base, h * w, w);
        double dx = (p[0] - g[0]) / (double) h;
        double dy = (p[1] - g[1]) / (double) w;
        float d = (float) Math.sqrt(dx * dx + dy * dy);
        counted++;
        below += d < THRESHOLD ? 1 : 0;
      }
      if (counted > 0) {
        acc[valid++] = (double) below / counted;
      }
    }
    return valid > 0 ? NumpySum.mean(acc, valid) : 0;
  }

  /** {@code _get_max_preds} of one map: (idx % W, idx // W) of the first maximum, (−1, −1) if it is not positive. */
  private static float[] maxPosition(float[] a, int from, int length, int w) {
    int best = 0;
    float max = a[from];
    for (int i = 1; i < length; i++) {
      if (a[from + i] > max || Float.isNaN(a[from + i]) && !Float.isNaN(max)) {
        max = a[from + i];
        best = i;
      }
      if (Float.isNaN(max)) {
        break;
      }
    }
    if (!(max > 0f)) {
      return new float[] {-1, -1};
    }
    return new float[] {best % w, best / w};
  }
}
