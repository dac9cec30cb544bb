package io.solider.tasks.common;

import java.util.Arrays;

/**
 * {@code torchvision.ops.boxes} on float32 corner boxes {@code x1, y1, x2, y2} (four values per
 * box, row-major), operation for operation in float32 as the tensors compute them: box area and
 * pairwise IoU (width {@code x2 − x1}, no +1), clipping to the image, removal of small boxes, and
 * greedy non-maximum suppression with its class-separating coordinate offset. Unchanged from
 * torchvision 0.8.2 (the release's) to 0.14.
 */
public final class TorchvisionBoxes {

  private TorchvisionBoxes() {}

  /** Number of boxes in a flat array, checking its length. */
  public static int count(float[] boxes) {
    if (boxes.length % 4 != 0) {
      throw new IllegalArgumentException("box array of " + boxes.length + " values is not n × 4");
    }
    return boxes.length / 4;
  }

  /** {@code box_area}: (x2 − x1)(y2 − y1) in float32. */
  public static float area(float[] b, int i) {
    return (b[4 * i + 2] - b[4 * i]) * (b[4 * i + 3] - b[4 * i + 1]);
  }

  /**
   * {@code box_iou(a, b)}: the {@code n × m} IoU matrix, row-major; {@code inter / ((area_a + area_b) − inter)}
   * with {@code inter} the clamped overlap width × height, all in float32.
   */
  public static float[] iou(float[] a, float[] b) {
    int n = count(a);
    int m = count(b);
    float[] areaB = new float[m];
    for (int j = 0; j < m; j++) {
      areaB[j] = area(b, j);
    }
    float[] out = new float[n * m];
    for (int i = 0; i < n; i++) {
      float areaA = area(a, i);
      for (int j = 0; j < m; j++) {
        float w = clampMin0(Math.min(a[4 * i + 2], b[4 * j + 2]) - Math.max(a[4 * i], b[4 * j]));
        float h = clampMin0(Math.min(a[4 * i + 3], b[4 * j + 3]) - Math.max(a[4 * i + 1], b[4 * j + 1]));
        float inter = w * h;
        out[i * m + j] = inter / (areaA + areaB[j] - inter);
      }
    }
    return out;
  }

  private static float clampMin0(float v) {
    return v < 0 ? 0f : v;
  }

  /** {@code clip_boxes_to_image}: x into [0, width], y into [0, height], in place. */
  public static void clip(float[] boxes, int height, int width) {
    for (int i = 0; i < count(boxes); i++) {
      for (int c = 0; c < 4; c++) {
        float hi = c % 2 == 0 ? width : height;
        boxes[4 * i + c] = Math.min(Math.max(boxes[4 * i + c], 0f), hi);
      }
    }
  }

  /**
   * {@code remove_small_boxes}: indices of boxes whose width and height are both at least
   * {@code minSize} (compared in float32, as a tensor with a Python float is).
   */
  public static int[] keepLarger(float[] boxes, double minSize) {
    float min = (float) minSize;
    int n = count(boxes);
    int[] keep = new int[n];
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (boxes[4 * i + 2] - boxes[4 * i] >= min && boxes[4 * i + 3] - boxes[4 * i + 1] >= min) {
        keep[k++] = i;
      }
    }
    return Arrays.copyOf(keep, k);
  }

  /**
   * {@code nms}: boxes by decreasing score (ties: lower index first; torchvision's sort leaves
   * their order unspecified), each kept box suppressing later boxes whose float32 IoU is
   * strictly greater than {@code iouThreshold}.
   *
   * @return indices of kept boxes, highest score first
   */
  public static int[] nms(float[] boxes, float[] scores, double iouThreshold) {
    int n = scores.length;
    if (count(boxes) != n) {
      throw new IllegalArgumentException(n + " scores for " + count(boxes) + " boxes");
    }
    int[] order = descending(scores);
    float[] areas = new float[n];
    for (int i = 0; i < n; i++) {
      areas[i] = area(boxes, i);
    }
    boolean[] suppressed = new boolean[n];
    int[] keep = new int[n];
    int k = 0;
    for (int a = 0; a < n; a++) {
      int i = order[a];
      if (suppressed[i]) {
        continue;
      }
      keep[k++] = i;
      float ix1 = boxes[4 * i];
      float iy1 = boxes[4 * i + 1];
      float ix2 = boxes[4 * i + 2];
      float iy2 = boxes[4 * i + 3];
      for (int b = a + 1; b < n; b++) {
        int j = order[b];
        if (suppressed[j]) {
          continue;
        }
        float w = Math.max(0f, Math.min(ix2, boxes[4 * j + 2]) - Math.max(ix1, boxes[4 * j]));
        float h = Math.max(0f, Math.min(iy2, boxes[4 * j + 3]) - Math.max(iy1, boxes[4 * j + 1]));
        float inter = w * h;
        float ovr = inter / (areas[i] + areas[j] - inter);
        if (ovr > iouThreshold) {
          suppressed[j] = true;
        }
      }
    }
    return Arrays.copyOf(keep, k);
  }

  /**
   * {@code batched_nms} as torchvision 0.8.2 runs it: every box is shifted by
   * {@code group × (max coordinate + 1)} (float32) so that groups never overlap, then one
   * {@link #nms}. The shift changes float32 rounding, so a single group 1 (as the RoI heads'
   * class-1 labels are) does not give exactly plain NMS. (0.14 runs per-group NMS on CPU above
   * 4000 coordinates instead; the release's calls stay below that or use group 0.)
   */
  public static int[] batchedNms(float[] boxes, float[] scores, int[] groups, double iouThreshold) {
    int n = scores.length;
    if (n == 0) {
      return new int[0];
    }
    float max = Float.NEGATIVE_INFINITY;
    for (float v : boxes) {
      max = Math.max(max, v);
    }
    float span = max + 1f;
    float[] shifted = new float[boxes.length];
    for (int i = 0; i < n; i++) {
      float offset = (float) groups[i] * span;
      for (int c = 0; c < 4; c++) {
        shifted[4 * i + c] = boxes[4 * i + c] + offset;
      }
    }
    return nms(shifted, scores, iouThreshold);
  }

  /** Indices by decreasing score, ties in index order. */
  public static int[] descending(float[] scores) {
    Integer[] idx = new Integer[scores.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, (a, b) -> scores[a] > scores[b] ? -1 : scores[a] < scores[b] ? 1 : 0);
    int[] out = new int[idx.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = idx[i];
    }
    return out;
  }

  /** Rows {@code idx} of an n × 4 box array. */
  public static float[] select(float[] boxes, int[] idx) {
    float[] out = new float[4 * idx.length];
    for (int k = 0; k < idx.length; k++) {
      System.arraycopy(boxes, 4 * idx[k], out, 4 * k, 4);
    }
    return out;
  }

  /** Entries {@code idx} of an array. */
  public static float[] select1(float[] v, int[] idx) {
    float[] out = new float[idx.length];
    for (int k = 0; k < idx.length; k++) {
      out[k] = v[idx[k]];
    }
    return out;
  }
}
