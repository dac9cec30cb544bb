package io.solider.tasks.detection.data;

/**
 * One CityPersons annotation.
 *
 * @param box full-body box x, y, w, h
 * @param visibleBox visible-part box x, y, w, h
 * @param height full-body height in pixels
 * @param visRatio visible fraction of the body
 * @param ignore the annotation's {@code ignore} flag: evaluation treats it as an ignore region,
 *     training skips it altogether (the release's {@code _parse_ann_info})
 * @param crowd the {@code iscrowd} flag: training uses it as an ignore region
 */
public record PedestrianBox(double[] box, double[] visibleBox, double height, double visRatio, boolean ignore,
    boolean crowd) {

  /** CityPersons' "Reasonable" subset: height ≥ 50 px, visibility ≥ 0.65, neither ignore nor crowd. */
  public boolean reasonable() {
    return !ignore && !crowd && height >= 50 && visRatio >= 0.65;
  }
}
