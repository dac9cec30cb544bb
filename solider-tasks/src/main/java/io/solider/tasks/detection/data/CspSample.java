package io.solider.tasks.detection.data;

import io.solider.tasks.common.U8Image;

/**
 * An augmented training image with its boxes, corners {@code x1, y1, x2, y2} in the release's
 * convention ({@code x2 = x + w − 1}), float64 as the release holds them after the resize.
 *
 * @param image B, G, R pixels of the crop size
 * @param people {@code n × 4} pedestrian corners
 * @param ignores {@code m × 4} ignore-region corners
 */
public record CspSample(U8Image image, double[] people, double[] ignores) {

  /** Number of pedestrians. */
  public int personCount() {
    return people.length / 4;
  }
}
