package io.solider.tasks.pose.data;

import java.util.List;

/**
 * The 17 COCO person keypoints as mmpose's {@code configs/_base_/datasets/coco.py} describes them:
 * names, left/right pairs swapped by a horizontal flip, the upper-body set of the half-body
 * transform, and the skeleton drawn on overlays.
 */
public final class CocoJoints {

  /** Keypoints per person. */
  public static final int COUNT = 17;

  /** Keypoint names in COCO order. */
  public static final List<String> NAMES = List.of(
      "nose", "left_eye", "right_eye", "left_ear", "right_ear", "left_shoulder", "right_shoulder",
      "left_elbow", "right_elbow", "left_wrist", "right_wrist", "left_hip", "right_hip",
      "left_knee", "right_knee", "left_ankle", "right_ankle");

  private static final int[][] FLIP_PAIRS = {{1, 2}, {3, 4}, {5, 6}, {7, 8}, {9, 10}, {11, 12}, {13, 14}, {15, 16}};

  /** Skeleton links (0-based keypoint indices), mmpose's {@code skeleton_info} order. */
  private static final int[][] SKELETON = {
    {15, 13}, {13, 11}, {16, 14}, {14, 12}, {11, 12}, {5, 11}, {6, 12}, {5, 6}, {5, 7}, {6, 8}, {7, 9},
    {8, 10}, {1, 2}, {0, 1}, {0, 2}, {1, 3}, {2, 4}, {3, 5}, {4, 6},
  };

  private CocoJoints() {}

  /** Left/right keypoint pairs (mmpose's {@code flip_pairs}); a fresh copy. */
  public static int[][] flipPairs() {
    return copy(FLIP_PAIRS);
  }

  /** Skeleton links as 0-based index pairs; a fresh copy. */
  public static int[][] skeleton() {
    return copy(SKELETON);
  }

  /** Whether keypoint {@code k} belongs to the upper body (nose to wrists, ids 0–10). */
  public static boolean upperBody(int k) {
    return k >= 0 && k <= 10;
  }

  private static int[][] copy(int[][] a) {
    int[][] out = new int[a.length][];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i].clone();
    }
    return out;
  }
}
