package io.solider.tasks.pose.head;

/**
 * The release's flip test ({@code TopDown.forward_test} with {@code flip_test=True},
 * {@code shift_heatmap=True}): the network also sees the horizontally mirrored input; its heatmaps
 * are mirrored back with left/right joints swapped ({@code flip_back}), shifted one pixel to the
 * right (column 0 kept: {@code hm[..., 1:] = hm[..., :-1]}), and averaged with the heatmaps of the
 * original input, {@code (a + b)·0.5} in float32.
 */
public final class FlipTest {

  private FlipTest() {}

  /**
   * The averaged heatmaps.
   *
   * @param original N × K × H × W heatmaps of the input
   * @param flipped N × K × H × W heatmaps of the mirrored input
   * @param flipPairs left/right joint pairs
   */
  public static float[] merge(float[] original, float[] flipped, int n, int k, int h, int w, int[][] flipPairs) {
    if (original.length != n * k * h * w || flipped.length != original.length) {
      throw new IllegalArgumentException("expected two " + n + "×" + k + "×" + h + "×" + w + " heatmap arrays");
    }
    int[] source = new int[k];
    for (int j = 0; j < k; j++) {
      source[j] = j;
    }
    for (int[] p : flipPairs) {
      source[p[0]] = p[1];
      source[p[1]] = p[0];
    }
    float[] out = new float[original.length];
    int plane = h * w;
    for (int b = 0; b < n; b++) {
      for (int j = 0; j < k; j++) {
        int dst = (b * k + j) * plane;
        int src = (b * k + source[j]) * plane;
        for (int y = 0; y < h; y++) {
          int row = y * w;
          for (int x = 0; x < w; x++) {
            // Mirrored back, then shifted right by one (column 0 keeps the mirrored column 0).
            int xs = x == 0 ? 0 : x - 1;
            float back = flipped[src + row + (w - 1 - xs)];
            out[dst + row + x] = (original[dst + row + x] + back) * 0.5f;
          }
        }
      }
    }
    return out;
  }

  /** Mirrors an N × C × H × W input horizontally ({@code img.flip(3)}). */
  public static float[] mirror(float[] images, int n, int c, int h, int w) {
    if (images.length != n * c * h * w) {
      throw new IllegalArgumentException("expected " + n + "×" + c + "×" + h + "×" + w + " values, got " + images.length);
    }
    float[] out = new float[images.length];
    for (int row = 0; row < n * c * h; row++) {
      int base = row * w;
      for (int x = 0; x < w; x++) {
        out[base + x] = images[base + w - 1 - x];
      }
    }
    return out;
  }
}
