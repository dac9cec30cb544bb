package io.solider.tasks.pose.head;

/**
 * mmpose's {@code keypoints_from_heatmaps(post_process='default')} (no UDP, not unbiased), in
 * float32 as the release computes it:
 * <ol>
 *   <li>argmax of each heatmap (the first maximum, row-major); score = the maximum; coordinates
 *       (−1, −1) when the maximum is not positive;
 *   <li>if {@code 1 < px < W − 1} and {@code 1 < py < H − 1}, a shift of ±0.25 in x and y toward the
 *       higher neighbour ({@code sign} of the neighbour difference, 0 when equal);
 *   <li>back to the image: {@code x = px·(200·s_x / W) + c_x − 200·s_x / 2}, likewise y with H
 *       ({@code transform_preds}).
 * </ol>
 */
public final class HeatmapDecoder {

  /**
   * Decoded keypoints.
   *
   * @param coordinates N × K × (x, y) in image pixels
   * @param scores N × K heatmap maxima
   */
  public record Keypoints(float[] coordinates, float[] scores) {}

  private HeatmapDecoder() {}

  /**
   * Decodes N × K heatmaps of H × W.
   *
   * @param heatmaps N × K × H × W, row-major
   * @param centers N × (x, y) box centres
   * @param scales N × (sx, sy) box scales (units of 200 px)
   */
  public static Keypoints decode(float[] heatmaps, int n, int k, int h, int w, float[] centers, float[] scales) {
    if (heatmaps.length != n * k * h * w || centers.length != 2 * n || scales.length != 2 * n) {
      throw new IllegalArgumentException("expected " + n + "×" + k + "×" + h + "×" + w + " heatmaps and " + n
          + " centres and scales, got " + heatmaps.length + ", " + centers.length + " and " + scales.length);
    }
    float[] coords = new float[n * k * 2];
    float[] scores = new float[n * k];
    int plane = h * w;
    for (int b = 0; b < n; b++) {
      float s200x = scales[2 * b] * 200f;
      float s200y = scales[2 * b + 1] * 200f;
      float stepX = (float) ((double) s200x / w);
      float stepY = (float) ((double) s200y / h);
      float cx = centers[2 * b];
      float cy = centers[2 * b + 1];
      for (int j = 0; j < k; j++) {
        int base = (b * k + j) * plane;
        int idx = argmax(heatmaps, base, plane);
        float max = heatmaps[base + idx];
        float px = idx % w;
        float py = idx / w;
        if (!(max > 0f)) {
          px = -1;
          py = -1;
        }
        int ix = (int) px;
        int iy = (int) py;
        if (1 < ix && ix < w - 1 && 1 < iy && iy < h - 1) {
          int at = base + iy * w + ix;
          px += Math.signum(heatmaps[at + 1] - heatmaps[at - 1]) * .25f;
          py += Math.signum(heatmaps[at + w] - heatmaps[at - w]) * .25f;
        }
        int o = b * k + j;
        coords[2 * o] = px * stepX + cx - s200x * 0.5f;
        coords[2 * o + 1] = py * stepY + cy - s200y * 0.5f;
        scores[o] = max;
      }
    }
    return new Keypoints(coords, scores);
  }

  /** {@code np.argmax}: the first maximum; a NaN wins at once. */
  private static int argmax(float[] a, int from, int n) {
    int best = 0;
    float max = a[from];
    if (Float.isNaN(max)) {
      return 0;
    }
    for (int i = 1; i < n; i++) {
      float v = a[from + i];
      if (Float.isNaN(v)) {
        return i;
      }
      if (v > max) {
        max = v;
        best = i;
      }
    }
    return best;
  }
}
