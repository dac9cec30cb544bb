package io.solider.tasks.detection.data;

import io.solider.nn.image.Images;
import io.solider.tasks.common.U8Image;
import java.io.IOException;
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

  /**
   * The image's B, G, R pixels, checked against the size the annotation gives.
   *
   * @throws IllegalArgumentException naming the file when the sizes differ
   */
  public U8Image readBgr() throws IOException {
    U8Image img = U8Image.bgr(Images.decode(image));
    if (img.height() != height || img.width() != width) {
      throw new IllegalArgumentException(image + ": the image is " + img.width() + "x" + img.height()
          + " (width x height) but its annotation (image id " + id + ") says " + width + "x" + height);
    }
    return img;
  }
}
