package io.solider.tasks.common;

import java.util.Arrays;

/**
 * The torchvision-specific parts of {@code torchvision.ops.boxes} on float32 corner boxes
 * {@code x1, y1, x2, y2} (four values per box, row-major), in float32 as the tensors compute them:
 * clipping to the image, removal of small boxes, and batched non-maximum suppression with its
 * class-separating coordinate offset; plus selection helpers. Unchanged from torchvision 0.8.2 (the
 * release's) to 0.14. Pairwise IoU ({@code box_iou}) is {@link BoxOverlap#CONTINUOUS}'s
 * {@link BoxOverlap#iouMatrix(float[], float[])} and {@code nms} is {@link Nms#torchvision}.
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
   * {@code batched_nms} as torchvision 0.8.2 runs it: every box is shifted by
   * {@code group × (max coordinate + 1)} (float32) so that groups never overlap, then one
   * {@link Nms#torchvision} NMS. The shift changes float32 rounding, so a single group 1 (as the RoI heads'
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
    return Nms.torchvision(iouThreshold).keep(shifted, scores);
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
