package io.solider.tasks.pose.data;

import io.solider.tasks.common.NumpyExpFloat32;

/**
 * mmpose's {@code TopDownGenerateTarget(sigma=2)} with the MSRA encoding (not unbiased): per joint a
 * 13×13 unnormalised Gaussian (peak 1, float32, with NumPy's float32 exp) pasted at {@code μ = int(coord / stride + 0.5)} on
 * the heatmap (stride = input size / heatmap size; {@code int} truncates toward zero), and a target
 * weight equal to the joint's visibility (0/1), set to 0 when the Gaussian's window lies wholly
 * outside the heatmap. Joints outside the crop whose window still overlaps it keep weight 1 and a
 * partial Gaussian.
 */
public final class HeatmapTarget {

  /**
   * Heatmaps and weights of one person.
   *
   * @param heatmaps K × H × W, row-major
   * @param weights K target weights
   */
  public record Target(float[] heatmaps, float[] weights) {}

  private final int imageWidth;
  private final int imageHeight;
  private final int width;
  private final int height;
  private final int radius;
  private final float[] gaussian;

  /**
   * @param imageWidth input width (288)
   * @param imageHeight input height (384)
   * @param width heatmap width (72)
   * @param height heatmap height (96)
   * @param sigma Gaussian σ in heatmap pixels (2); the window is 2·3σ + 1 wide
   */
  public HeatmapTarget(int imageWidth, int imageHeight, int width, int height, int sigma) {
    if (imageWidth < 1 || imageHeight < 1 || width < 1 || height < 1 || sigma < 1) {
      throw new IllegalArgumentException("sizes and sigma must be positive");
    }
    this.imageWidth = imageWidth;
    this.imageHeight = imageHeight;
    this.width = width;
    this.height = height;
    this.radius = 3 * sigma;
    int size = 2 * radius + 1;
    this.gaussian = new float[size * size];
    float denominator = 2 * sigma * sigma;
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        float dx = x - radius;
        float dy = y - radius;
        gaussian[y * size + x] = NumpyExpFloat32.exp(-(dx * dx + dy * dy) / denominator);
      }
    }
  }

  /** The release's setting: 288×384 input, 72×96 heatmaps, σ = 2. */
  public static HeatmapTarget release() {
    return new HeatmapTarget(288, 384, 72, 96, 2);
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /**
   * Targets of one person.
   *
   * @param joints K × (x, y) in input-crop pixels (float32, as after the affine transform)
   * @param visible K visibilities (0 or 1)
   */
  public Target generate(float[] joints, float[] visible) {
    int k = visible.length;
    if (joints.length != 2 * k) {
      throw new IllegalArgumentException("expected " + 2 * k + " joint coordinates, got " + joints.length);
    }
    double strideX = (double) imageWidth / width;
    double strideY = (double) imageHeight / height;
    int size = 2 * radius + 1;
    float[] heatmaps = new float[k * width * height];
    float[] weights = new float[k];
    for (int j = 0; j < k; j++) {
      weights[j] = visible[j];
      int muX = (int) (joints[2 * j] / strideX + 0.5);
      int muY = (int) (joints[2 * j + 1] / strideY + 0.5);
      int ulX = muX - radius;
      int ulY = muY - radius;
      int brX = muX + radius + 1;
      int brY = muY + radius + 1;
      if (ulX >= width || ulY >= height || brX < 0 || brY < 0) {
        weights[j] = 0;
      }
      if (!(weights[j] > 0.5)) {
        continue;
      }
      int gx0 = Math.max(0, -ulX);
      int gy0 = Math.max(0, -ulY);
      int x0 = Math.max(0, ulX);
      int x1 = Math.min(brX, width);
      int y0 = Math.max(0, ulY);
      int y1 = Math.min(brY, height);
      int base = j * width * height;
      for (int y = y0; y < y1; y++) {
        int gy = gy0 + (y - y0);
        System.arraycopy(gaussian, gy * size + gx0, heatmaps, base + y * width + x0, x1 - x0);
      }
    }
    return new Target(heatmaps, weights);
  }
}
