package io.solider.tasks.pose.metric;

/**
 * One person's decoded keypoints with its box, as mmpose's {@code TopDown} model returns them per
 * crop ({@code preds}, {@code boxes}, {@code bbox_ids}); all float32 as there.
 *
 * @param imageId image id
 * @param boxId the box's id (duplicates of one id are dropped, as mmpose drops padded repeats)
 * @param keypoints 17 × (x, y, score)
 * @param center box centre (x, y)
 * @param scale box scale (units of 200 px)
 * @param area {@code prod(scale·200)}, the box area OKS-NMS uses
 * @param boxScore the box's score (1 for GT boxes, the detector's otherwise)
 */
public record PersonPrediction(long imageId, int boxId, float[] keypoints, float[] center, float[] scale, float area,
    float boxScore) {

  public PersonPrediction {
    if (keypoints.length != 3 * KeypointGroundTruth.KEYPOINTS || center.length != 2 || scale.length != 2) {
      throw new IllegalArgumentException("a prediction has 17 × 3 keypoint numbers, a 2-d centre and scale");
    }
  }

  /** A prediction for a box of centre/scale {@code (cx, cy, sx, sy)}: area {@code (sx·200)·(sy·200)} in float32. */
  public static PersonPrediction of(long imageId, int boxId, float[] keypoints, float cx, float cy, float sx, float sy,
      float boxScore) {
    float area = (sx * 200f) * (sy * 200f);
    return new PersonPrediction(imageId, boxId, keypoints, new float[] {cx, cy}, new float[] {sx, sy}, area, boxScore);
  }
}
