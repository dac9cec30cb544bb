package io.solider.tasks.search.metric;

/**
 * The detections of one gallery scene: float32 boxes and scores, as the detector emits them, and
 * their embeddings, rows {@code firstRow .. firstRow + count} of the detection feature matrix.
 *
 * @param boxes x1, y1, x2, y2 per detection
 * @param scores detection score per detection
 * @param firstRow first feature row
 */
public record ImageDetections(float[] boxes, float[] scores, int firstRow) {

  public ImageDetections {
    if (boxes.length != 4 * scores.length) {
      throw new IllegalArgumentException(boxes.length + " box numbers for " + scores.length + " scores");
    }
  }

  /** Number of detections. */
  public int count() {
    return scores.length;
  }
}
