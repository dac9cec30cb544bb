package io.solider.tasks.attribute.data;

import java.nio.file.Path;

/**
 * One image with binary attribute labels.
 *
 * @param image the image file
 * @param labels 0/1 per attribute, in the data set's attribute order
 */
public record AttributeSample(Path image, int[] labels) {

  public AttributeSample {
    labels = labels.clone();
  }
}
