package io.solider.tasks.detection.head;

import io.solider.tasks.common.Nms;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The release's CSP test-time decoding ({@code CSPHead.get_bboxes_single} with
 * {@code csp_heightwidth2bbox} and {@code multiclass_nms}), in float32 as the release computes it:
 *
 * <ol>
 *   <li>score = sigmoid(centre logit); keep the {@code nmsPre} best cells (ties: lower cell index);
 *   <li>centre x = stride·col + stride/2 + stride·dx, y likewise with dy; height = stride·e^{ŝ_h},
 *       width = stride·e^{ŝ_w}; corners clipped to [0, W−1] × [0, H−1] of the unpadded image;
 *   <li>scores &gt; threshold; NMS with +1 pixel IoU (mmdetection's CUDA kernel); the
 *       {@code maxPerImage} best.
 * </ol>
 */
public final class CspDecoder {

  private final CspTestConfig config;

  public CspDecoder(CspTestConfig config) {
    this.config = config;
  }

  /**
   * Decodes one image's maps.
   *
   * @param logits centre logits, {@code H × W} row-major
   * @param scales {@code 2 × H × W}: log height, log width in map cells
   * @param offsets {@code 2 × H × W}: dy, dx in map cells
   * @param mapHeight H
   * @param mapWidth W
   * @param imageHeight height of the image before padding (clipping range)
   * @param imageWidth width of the image before padding
   * @return detections by descending score
   */
  public List<DetectedBox> decode(float[] logits, float[] scales, float[] offsets, int mapHeight, int mapWidth,
      int imageHeight, int imageWidth) {
    int cells = mapHeight * mapWidth;
    if (logits.length != cells || scales.length != 2 * cells || offsets.length != 2 * cells) {
      throw new IllegalArgumentException("maps must be 1×, 2× and 2× " + mapHeight + "×" + mapWidth + ", got "
          + logits.length + ", " + scales.length + ", " + offsets.length + " values");
    }
    float[] scores = new float[cells];
    for (int i = 0; i < cells; i++) {
      scores[i] = sigmoid(logits[i]);
    }
    int[] cand = candidates(scores);
    int stride = config.stride();
    float half = stride / 2;
    float maxX = imageWidth - 1;
    float maxY = imageHeight - 1;
    List<float[]> boxes = new ArrayList<>();
    List<Float> kept = new ArrayList<>();
    for (int c : cand) {
      if (!(scores[c] > config.scoreThreshold())) {
        continue;
      }
      int row = c / mapWidth;
      int col = c % mapWidth;
      float x = (float) (col * stride) + half + offsets[cells + c] * stride;
      float y = (float) (row * stride) + half + offsets[c] * stride;
      float h = (float) Math.exp(scales[c]) * stride;
      float w = (float) Math.exp(scales[cells + c]) * stride;
      boxes.add(new float[] {
        clamp(x - w * 0.5f, maxX), clamp(y - h * 0.5f, maxY), clamp(x + w * 0.5f, maxX), clamp(y + h * 0.5f, maxY)});
      kept.add(scores[c]);
    }
    float[] flat = new float[4 * boxes.size()];
    float[] s = new float[boxes.size()];
    for (int i = 0; i < s.length; i++) {
      System.arraycopy(boxes.get(i), 0, flat, 4 * i, 4);
      s[i] = kept.get(i);
    }
    int[] keep = Nms.mmdetCuda(config.nmsIou()).keep(flat, s);
    List<DetectedBox> out = new ArrayList<>();
    for (int i = 0; i < Math.min(keep.length, config.maxPerImage()); i++) {
      int k = keep[i];
      out.add(new DetectedBox(flat[4 * k], flat[4 * k + 1], flat[4 * k + 2], flat[4 * k + 3], s[k]));
    }
    return out;
  }

  /** The cells decoded: the {@code nmsPre} best by score when there are more, else all in cell order. */
  private int[] candidates(float[] scores) {
    int n = scores.length;
    if (config.nmsPre() <= 0 || n <= config.nmsPre()) {
      int[] all = new int[n];
      Arrays.setAll(all, i -> i);
      return all;
    }
    Integer[] idx = new Integer[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, (a, b) -> scores[a] > scores[b] ? -1 : scores[a] < scores[b] ? 1 : 0);
    int[] top = new int[config.nmsPre()];
    for (int i = 0; i < top.length; i++) {
      top[i] = idx[i];
    }
    return top;
  }

  private static float clamp(float v, float max) {
    return Math.min(Math.max(v, 0f), max);
  }

  static float sigmoid(float x) {
    return (float) (1.0 / (1.0 + Math.exp(-x)));
  }
}
