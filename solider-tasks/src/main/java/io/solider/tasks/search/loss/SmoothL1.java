package io.solider.tasks.search.loss;

/**
 * Smooth L1 ({@code F.smooth_l1_loss}, and torchvision 0.8.2's {@code det_utils.smooth_l1_loss}):
 * {@code 0.5·d²/β} where |d| &lt; β, {@code |d| − 0.5·β} elsewhere; gradient d/β inside, sign(d)
 * outside (at |d| = β both give ±1).
 */
public final class SmoothL1 {

  private SmoothL1() {}

  /**
   * Adds the summed loss of {@code input[i..i+n)} against {@code target[t..t+n)} and writes
   * {@code scale ×} its gradient into {@code grad[i..i+n)}.
   *
   * @return the unscaled sum
   */
  static double sum(float[] input, int i, float[] target, int t, int n, double beta, double scale, float[] grad) {
    double s = 0;
    for (int k = 0; k < n; k++) {
      double d = (double) input[i + k] - target[t + k];
      double a = Math.abs(d);
      if (a < beta) {
        s += 0.5 * d * d / beta;
        grad[i + k] += (float) (scale * d / beta);
      } else {
        s += a - 0.5 * beta;
        grad[i + k] += (float) (scale * Math.signum(d));
      }
    }
    return s;
  }
}
