package io.solider.tasks.pose.data;

import java.nio.file.Path;

/**
 * One person to crop, as mmpose's top-down data set lists it (its {@code db} entry): a box encoded
 * as centre/scale, and for ground-truth people the joints.
 *
 * @param image image file
 * @param imageId COCO image id
 * @param box centre and scale (float32)
 * @param bbox the box x, y, w, h it came from (sanitised for GT boxes)
 * @param joints 17 × (x, y) in image pixels, float32 (zeros for detector boxes)
 * @param visible 17 visibilities, 0 or 1 ({@code min(1, v)}; ones for detector boxes)
 * @param boxScore detector score (1 for GT boxes)
 * @param boxId running id (per image for GT boxes, over the whole file for detector boxes, as mmpose)
 */
public record PersonInstance(Path image, long imageId, CenterScale box, double[] bbox, float[] joints,
    float[] visible, double boxScore, int boxId) {

  public PersonInstance {
    if (joints.length != 2 * CocoJoints.COUNT || visible.length != CocoJoints.COUNT || bbox.length != 4) {
      throw new IllegalArgumentException("a person has 4 box numbers, 17 joints and 17 visibilities");
    }
    bbox = bbox.clone();
    joints = joints.clone();
    visible = visible.clone();
  }

  @Override
  public double[] bbox() {
    return bbox.clone();
  }

  @Override
  public float[] joints() {
    return joints.clone();
  }

  @Override
  public float[] visible() {
    return visible.clone();
  }
}
