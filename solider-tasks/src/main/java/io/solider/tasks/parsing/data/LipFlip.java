package io.solider.tasks.parsing.data;

/**
 * LIP's left/right classes, swapped when an image is mirrored: left arm 14 ↔ right arm 15, left
 * leg 16 ↔ right leg 17, left shoe 18 ↔ right shoe 19 (the release's {@code right_idx}/{@code
 * left_idx} in training and {@code flipped_idx} at test time).
 */
public final class LipFlip {

  private LipFlip() {}

  /** The class a mirrored pixel of class {@code label} belongs to (other labels unchanged). */
  public static int swap(int label) {
    return switch (label) {
      case 14 -> 15;
      case 15 -> 14;
      case 16 -> 17;
      case 17 -> 16;
      case 18 -> 19;
      case 19 -> 18;
      default -> label;
    };
  }

  /** A mirrored label map ({@code width × height}, row-major) with left and right swapped. */
  public static int[] mirror(int[] labels, int width, int height) {
    int[] out = new int[labels.length];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        out[y * width + width - 1 - x] = swap(labels[y * width + x]);
      }
    }
    return out;
  }
}
