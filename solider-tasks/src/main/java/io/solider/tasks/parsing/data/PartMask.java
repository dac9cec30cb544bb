package io.solider.tasks.parsing.data;

/**
 * A decoded label map: a part mask, a prediction, an edge map.
 *
 * @param width mask width
 * @param height mask height
 * @param labels row-major labels 0–255 (LIP masks: class ids 0–19, or 255 for ignored pixels)
 */
public record PartMask(int width, int height, int[] labels) {

  /** The label at ({@code x}, {@code y}). */
  public int at(int x, int y) {
    return labels[y * width + x];
  }
}
