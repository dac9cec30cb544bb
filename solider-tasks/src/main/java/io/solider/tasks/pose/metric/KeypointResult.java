package io.solider.tasks.pose.metric;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry of a COCO keypoint results file as mmpose writes it.
 *
 * @param imageId image id
 * @param categoryId category (1, person)
 * @param keypoints 17 × (x, y, score), float32
 * @param score the rescored person score
 * @param center box centre
 * @param scale box scale
 */
public record KeypointResult(long imageId, int categoryId, float[] keypoints, double score, float[] center,
    float[] scale) {

  /** The JSON object: {@code image_id}, {@code category_id}, {@code keypoints}, {@code score}, {@code center}, {@code scale}. */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("image_id", imageId);
    m.put("category_id", categoryId);
    m.put("keypoints", doubles(keypoints));
    m.put("score", score);
    m.put("center", doubles(center));
    m.put("scale", doubles(scale));
    return m;
  }

  /** A results list as JSON objects, ready for {@code JsonFile.write}. */
  public static List<Map<String, Object>> toJson(List<KeypointResult> results) {
    List<Map<String, Object>> out = new ArrayList<>(results.size());
    for (KeypointResult r : results) {
      out.add(r.toJson());
    }
    return out;
  }

  private static List<Double> doubles(float[] a) {
    List<Double> out = new ArrayList<>(a.length);
    for (float v : a) {
      out.add((double) v);
    }
    return out;
  }
}
