package io.solider.tasks.common;

import java.util.Arrays;

/**
 * Greedy non-maximum suppression on float32 corner boxes: boxes are visited by descending score
 * (ties: lower index first), and each kept box suppresses the later ones that overlap it too much.
 * The variants differ in the IoU convention and in whether an IoU equal to the threshold
 * suppresses; the factories name the implementations they reproduce.
 *
 * @param overlap how box extents are measured
 * @param iouThreshold the threshold, compared with the float32 IoU in double precision (pass the
 *     float value for kernels that compare in float, as {@link #mmdetCuda} does)
 * @param suppressAtThreshold true when IoU ≥ threshold suppresses, false when IoU must exceed it
 */
public record Nms(BoxOverlap overlap, double iouThreshold, boolean suppressAtThreshold) {

  public Nms {
    if (!(iouThreshold >= 0 && iouThreshold <= 1)) {
      throw new IllegalArgumentException("IoU threshold must be in [0, 1], got " + iouThreshold);
    }
  }

  /** {@code torchvision.ops.nms}: continuous extents, suppress when IoU &gt; threshold. */
  public static Nms torchvision(double iouThreshold) {
    return new Nms(BoxOverlap.CONTINUOUS, iouThreshold, false);
  }

  /**
   * mmdetection 1.x / Pedestron {@code nms_cuda} (what the release runs at test time): +1 pixel
   * extents, float32 threshold, suppress when IoU &gt; threshold.
   */
  public static Nms mmdetCuda(float iouThreshold) {
    return new Nms(BoxOverlap.PIXEL_INCLUSIVE, iouThreshold, false);
  }

  /** mmdetection 1.x / Pedestron {@code nms_cpu}: +1 pixel extents, suppress when IoU ≥ threshold. */
  public static Nms mmdetCpu(float iouThreshold) {
    return new Nms(BoxOverlap.PIXEL_INCLUSIVE, iouThreshold, true);
  }

  /**
   * The kept boxes.
   *
   * @param boxes {@code n × 4} corners {@code x1, y1, x2, y2}, row-major
   * @param scores {@code n} scores
   * @return indices of the kept boxes, highest score first
   */
  public int[] keep(float[] boxes, float[] scores) {
    int n = scores.length;
    if (boxes.length != 4 * n) {
      throw new IllegalArgumentException("expected " + 4 * n + " box coordinates for " + n + " scores, got "
          + boxes.length);
    }
    int[] order = byDescendingScore(scores);
    boolean[] suppressed = new boolean[n];
    int[] kept = new int[n];
    int k = 0;
    for (int a = 0; a < n; a++) {
      int i = order[a];
      if (suppressed[i]) {
        continue;
      }
      kept[k++] = i;
      for (int b = a + 1; b < n; b++) {
        int j = order[b];
        if (!suppressed[j]) {
          double iou = overlap.iou(boxes, 4 * i, boxes, 4 * j);
          suppressed[j] = suppressAtThreshold ? iou >= iouThreshold : iou > iouThreshold;
        }
      }
    }
    return Arrays.copyOf(kept, k);
  }

  /** Indices by descending score, ties in index order (also the order of a top-k selection). */
  public static int[] byDescendingScore(float[] scores) {
    Integer[] idx = new Integer[scores.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, (a, b) -> scores[a] > scores[b] ? -1 : scores[a] < scores[b] ? 1 : 0);
    return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
  }
}
