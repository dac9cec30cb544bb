package io.solider.tasks.synth;

import java.util.List;

/**
 * Everything one generation run wrote, as the truth the readers must give back.
 *
 * @param market Market-1501 images
 * @param msmt MSMT17 images
 * @param attributes PA-100K images and labels
 * @param pose COCO keypoint images and people
 * @param parsing LIP images and mask digests
 * @param detection CityPersons images and boxes
 * @param search CUHK-SYSU scenes and people
 * @param prw PRW frames and people
 * @param unlabeled unlabelled crop paths
 */
public record SynthTruth(
    List<ReidShot> market,
    List<ReidShot> msmt,
    List<AttributeTruth> attributes,
    List<SceneTruth> pose,
    List<ParsingTruth> parsing,
    List<SceneTruth> detection,
    List<SceneTruth> search,
    List<SceneTruth> prw,
    List<String> unlabeled) {

  /**
   * One PA-100K image.
   *
   * @param split {@code train}, {@code val} or {@code test}
   * @param name image file name in {@code data/}
   * @param labels the 26 attribute labels in PA-100K order
   */
  public record AttributeTruth(String split, String name, int[] labels) {}

  /**
   * One LIP image.
   *
   * @param split {@code train} or {@code val}
   * @param id image id (file stem)
   * @param width mask width
   * @param height mask height
   * @param classCounts pixels per class id 0–19, then ignored (255) pixels at index 20
   * @param crc CRC-32 of the row-major label bytes
   */
  public record ParsingTruth(String split, String id, int width, int height, long[] classCounts, long crc) {}

  /**
   * One scene image with several people.
   *
   * @param split split name as written
   * @param file image path relative to the data set root
   * @param width image width
   * @param height image height
   * @param people the people in it
   */
  public record SceneTruth(String split, String file, int width, int height, List<PersonTruth> people) {}

  /**
   * One person in a scene.
   *
   * @param pid identity (−1 when unlabelled)
   * @param box full-body box x, y, w, h (integer pixels)
   * @param visibleBox visible-part box x, y, w, h
   * @param visRatio visible pixels ÷ drawn pixels
   * @param ignore CityPersons ignore flag (too small or too occluded)
   * @param keypoints 17 × (x, y, v) COCO keypoints
   */
  public record PersonTruth(int pid, int[] box, int[] visibleBox, double visRatio, boolean ignore,
      double[] keypoints) {}
}
