package io.solider.tasks.detection.data;

/**
 * One CityPersons annotation.
 *
 * @param box full-body box x, y, w, h
 * @param visibleBox visible-part box x, y, w, h
 * @param height full-body height in pixels
 * @param visRatio visible fraction of the body
 * @param ignore an ignore region ({@code ignore} or {@code iscrowd} set)
 */
public record PedestrianBox(double[] box, double[] visibleBox, double height, double visRatio, boolean ignore) {

  /** CityPersons' "Reasonable" subset: height ≥ 50 px, visibility ≥ 0.65, not ignored. */
  public boolean reasonable() {
    return !ignore && height >= 50 && visRatio >= 0.65;
  }
}
