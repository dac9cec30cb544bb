package io.solider.tasks.detection.head;

import io.solider.tasks.detection.metric.Detection;

/**
 * One decoded detection, float32 corners as the release's head returns them.
 *
 * @param x1 left
 * @param y1 top
 * @param x2 right
 * @param y2 bottom
 * @param score centre probability
 */
public record DetectedBox(float x1, float y1, float x2, float y2, float score) {

  /** The COCO result the release's {@code test_city_person.py} writes for it. */
  public Detection toDetection(double imageId) {
    return Detection.fromCorners(imageId, x1, y1, x2, y2, score);
  }
}
