package io.solider.tasks.pose.data;

import io.solider.tasks.common.DatasetFormatException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The image sizes an annotation file states ({@code width}, {@code height} of its images): keypoint
 * coordinates are in those pixels, so an image file of another size would put every joint in the
 * wrong place; {@link #check} refuses it, naming the file.
 */
public final class ImageSizes {

  private final Map<Path, int[]> sizes;
  private final Path annotations;

  private ImageSizes(Map<Path, int[]> sizes, Path annotations) {
    this.sizes = sizes;
    this.annotations = annotations;
  }

  /** The sizes of the images of {@code split}'s people, as its annotation file states them. */
  public static ImageSizes of(CocoKeypoints.Split split, Path annotations) {
    Map<Path, int[]> m = new HashMap<>();
    for (PoseSample p : split.people()) {
      m.put(p.image(), new int[] {p.imageWidth(), p.imageHeight()});
    }
    return new ImageSizes(m, annotations);
  }

  /** No stated sizes (images found in a folder): every size is accepted. */
  public static ImageSizes none() {
    return new ImageSizes(Map.of(), null);
  }

  /**
   * Throws if {@code file} has a stated size other than {@code width × height}.
   *
   * @throws DatasetFormatException naming the file, both sizes and the annotation file
   */
  public void check(Path file, int width, int height) throws DatasetFormatException {
    int[] s = sizes.get(file);
    if (s != null && (s[0] != width || s[1] != height)) {
      throw new DatasetFormatException(file, "image is " + width + "×" + height + " but " + annotations
          + " says " + s[0] + "×" + s[1] + " (keypoints are in the annotated image's pixels)");
    }
  }
}
