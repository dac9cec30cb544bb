package io.solider.tasks.synth;

/** Which side of the person faces the camera. */
public enum View {
  /** Person faces the camera; their left is on the image's right. */
  FRONT,
  /** Person faces away; their left is on the image's left. */
  BACK,
  /** Person walks towards the image's right, their left side towards the camera. */
  SIDE_LEFT,
  /** Person walks towards the image's left, their right side towards the camera. */
  SIDE_RIGHT;

  boolean isSide() {
    return this == SIDE_LEFT || this == SIDE_RIGHT;
  }
}
