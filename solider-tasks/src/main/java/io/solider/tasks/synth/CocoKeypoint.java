package io.solider.tasks.synth;

import java.util.List;

/** The 17 COCO person keypoints, in COCO order. */
public final class CocoKeypoint {

  public static final List<String> NAMES = List.of(
      "nose", "left_eye", "right_eye", "left_ear", "right_ear", "left_shoulder", "right_shoulder",
      "left_elbow", "right_elbow", "left_wrist", "right_wrist", "left_hip", "right_hip",
      "left_knee", "right_knee", "left_ankle", "right_ankle");

  private static final int[][] SKELETON = {
    {16, 14}, {14, 12}, {17, 15}, {15, 13}, {12, 13}, {6, 12}, {7, 13}, {6, 7}, {6, 8}, {7, 9},
    {8, 10}, {9, 11}, {2, 3}, {1, 2}, {1, 3}, {2, 4}, {3, 5}, {4, 6}, {5, 7},
  };

  private CocoKeypoint() {}

  /** COCO's skeleton (1-based keypoint index pairs), as in person_keypoints_*.json; a fresh copy. */
  public static int[][] skeleton() {
    int[][] out = new int[SKELETON.length][];
    for (int i = 0; i < out.length; i++) {
      out[i] = SKELETON[i].clone();
    }
    return out;
  }
}
