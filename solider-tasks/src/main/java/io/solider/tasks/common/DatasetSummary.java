package io.solider.tasks.common;

/**
 * Counts describing one split of a data set as read.
 *
 * @param name data set and split, e.g. {@code market1501/train}
 * @param images images (or samples)
 * @param identities distinct identities (0 when the set has none)
 * @param cameras distinct cameras (0 when the set has none)
 * @param classes classes (attributes, parts, keypoints or categories; 0 when not applicable)
 */
public record DatasetSummary(String name, int images, int identities, int cameras, int classes) {

  public DatasetSummary {
    if (images < 0 || identities < 0 || cameras < 0 || classes < 0) {
      throw new IllegalArgumentException("counts must be non-negative");
    }
  }

  @Override
  public String toString() {
    return String.format("%s: %d images, %d identities, %d cameras, %d classes",
        name, images, identities, cameras, classes);
  }
}
