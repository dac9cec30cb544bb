package io.solider.tasks.detection.data;

import java.nio.file.Path;
import java.util.List;

/**
 * One image with its pedestrian annotations.
 *
 * @param image the image file
 * @param id image id in the JSON
 * @param width image width
 * @param height image height
 * @param boxes pedestrians and ignore regions
 */
public record DetectionImage(Path image, long id, int width, int height, List<PedestrianBox> boxes) {

  public DetectionImage {
    boxes = List.copyOf(boxes);
  }
}
