package io.solider.tasks.pose.loss;

/**
 * mmpose's {@code JointsMSELoss(use_target_weight=True)}:
 * {@code L = (1/K) Σ_k mean_{n,h,w}((P·w_nk − G·w_nk)²)} (loss weight 1), with its gradient with
 * respect to the predicted heatmaps, {@code ∂L/∂P = 2·w_nk·(P·w_nk − G·w_nk) / (N·H·W·K)}. Computed
 * in float64 from float32 inputs; the gradient is returned as float32 for the head's backward pass.
 */
public final class JointsMseLoss {

  /**
   * Loss value and gradient.
   *
   * @param value the loss
   * @param gradient ∂L/∂P, same layout as the predictions
   */
  public record Result(double value, float[] gradient) {}

  /**
   * @param predicted N × K × H × W heatmaps, row-major
   * @param target N × K × H × W target heatmaps
   * @param weight N × K target weights
   * @param n batch size
   * @param k joints
   * @param hw heatmap pixels (H·W)
   */
  public Result compute(float[] predicted, float[] target, float[] weight, int n, int k, int hw) {
    long total = (long) n * k * hw;
    if (predicted.length != total || target.length != total || weight.length != n * k) {
      throw new IllegalArgumentException("expected " + total + " heatmap values and " + n * k + " weights, got "
          + predicted.length + ", " + target.length + " and " + weight.length);
    }
    double[] perJoint = new double[k];
    float[] grad = new float[predicted.length];
    double scale = 2.0 / ((double) n * hw * k);
    for (int b = 0; b < n; b++) {
      for (int j = 0; j < k; j++) {
        double w = weight[b * k + j];
        int base = (b * k + j) * hw;
        double sum = 0;
        for (int i = 0; i < hw; i++) {
          double d = predicted[base + i] * w - target[base + i] * w;
          sum += d * d;
          grad[base + i] = (float) (scale * d * w);
        }
        perJoint[j] += sum;
      }
    }
    double loss = 0;
    for (int j = 0; j < k; j++) {
      loss += perJoint[j] / ((double) n * hw);
    }
    return new Result(loss / k, grad);
  }
}
