package io.solider.tasks.pose.metric;

import com.fasterxml.jackson.databind.JsonNode;
import io.solider.tasks.common.CocoJson;
import io.solider.tasks.common.DatasetFormatException;
import io.solider.tasks.common.JsonFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A COCO keypoint results list loaded as pycocotools' {@code COCO.loadRes} loads it.
 *
 * <ul>
 *   <li>Every result needs an integer {@code image_id} (1.0 counts as 1, as in Python) of an image
 *       the ground truth lists (pycocotools asserts this; here it is an error naming the result),
 *       an integer {@code category_id}, a finite {@code score} and 51 finite {@code keypoints} (x, y, confidence;
 *       the confidences are not used).
 *   <li>Ids are the 1-based positions in the file.
 *   <li>The area that places a detection in an area range comes from the first result's layout:
 *       if it has a non-empty {@code bbox}, every result's area is that box's w·h; otherwise it is
 *       the area of the box spanned by the keypoints' extremes (all 17, confidence ignored).
 *   <li>Results of categories the ground truth does not list are kept but never evaluated.
 *   <li>An empty list is accepted (pycocotools fails on it with an IndexError); it evaluates as a
 *       run that detected nothing.
 * </ul>
 */
public final class KeypointResults {

  /**
   * One detected person.
   *
   * @param id 1-based position in the results file
   * @param imageId image id
   * @param categoryId category id
   * @param keypoints 17 × (x, y, confidence)
   * @param score detection score (ranks detections)
   * @param area area used for the area ranges
   */
  public record Detection(long id, long imageId, long categoryId, double[] keypoints, double score, double area) {}

  private final Map<KeypointGroundTruth.ImageCategory, List<Detection>> byImage;
  private final int count;

  private KeypointResults(Map<KeypointGroundTruth.ImageCategory, List<Detection>> byImage, int count) {
    this.byImage = byImage;
    this.count = count;
  }

  /** Reads a results file against the ground truth it will be evaluated on. */
  public static KeypointResults read(Path file, KeypointGroundTruth gt) throws DatasetFormatException {
    return of(CocoJson.readResults(file), file, gt);
  }

  /** Loads the parsed results list {@code results} (read from {@code file}). */
  public static KeypointResults of(List<JsonNode> results, Path file, KeypointGroundTruth gt)
      throws DatasetFormatException {
    boolean boxArea = !results.isEmpty() && layout(results.get(0), file);
    List<Detection> all = new ArrayList<>(results.size());
    for (int i = 0; i < results.size(); i++) {
      String path = "results[" + i + "]";
      JsonNode r = results.get(i);
      long image = CocoJson.id(r, "image_id", path, file);
      if (!gt.hasImage(image)) {
        throw new DatasetFormatException(file, path + ".image_id: image " + image + " is not in the ground truth "
            + gt.file() + " (pycocotools: 'Results do not correspond to current coco set')");
      }
      long category = CocoJson.id(r, "category_id", path, file);
      double score = JsonFiles.finite(r, "score", path, file);
      double[] kp = JsonFiles.finiteNumbers(r, "keypoints", 3 * KeypointGroundTruth.KEYPOINTS, path, file);
      double area = boxArea ? boxArea(r, path, file) : keypointArea(kp);
      all.add(new Detection(i + 1, image, category, kp, score, area));
    }
    return of(all);
  }

  /**
   * Results built in memory (e.g. by {@link KeypointResultsBuilder}) loaded as {@code loadRes}
   * would load them from a file: ids are 1-based positions, areas come from the keypoint extremes.
   *
   * @throws IllegalArgumentException for a result on an image the ground truth does not list
   */
  public static KeypointResults ofResults(List<KeypointResult> results, KeypointGroundTruth gt) {
    List<Detection> all = new ArrayList<>(results.size());
    for (int i = 0; i < results.size(); i++) {
      KeypointResult r = results.get(i);
      if (!gt.hasImage(r.imageId())) {
        throw new IllegalArgumentException("result " + i + ": image " + r.imageId() + " is not in the ground truth");
      }
      double[] kp = new double[r.keypoints().length];
      for (int j = 0; j < kp.length; j++) {
        kp[j] = r.keypoints()[j];
      }
      all.add(new Detection(i + 1, r.imageId(), r.categoryId(), kp, r.score(), keypointArea(kp)));
    }
    return of(all);
  }

  /** Results made in memory; ids and areas as given. */
  public static KeypointResults of(List<Detection> detections) {
    Map<KeypointGroundTruth.ImageCategory, List<Detection>> byImage = new HashMap<>();
    for (Detection d : detections) {
      byImage.computeIfAbsent(new KeypointGroundTruth.ImageCategory(d.imageId(), d.categoryId()),
          k -> new ArrayList<>()).add(d);
    }
    byImage.replaceAll((k, v) -> List.copyOf(v));
    return new KeypointResults(byImage, detections.size());
  }

  /** True when the first result selects loadRes's box branch (a non-empty {@code bbox}). */
  private static boolean layout(JsonNode first, Path file) throws DatasetFormatException {
    if (first.has("caption")) {
      throw new DatasetFormatException(file, "results[0] is a caption result, not a keypoint result");
    }
    JsonNode bbox = first.get("bbox");
    if (bbox != null && !(bbox.isArray() && bbox.isEmpty())) {
      return true;
    }
    if (first.has("segmentation")) {
      throw new DatasetFormatException(file, "results[0] is a segmentation result (masks are not supported by keypoint evaluation)");
    }
    if (!first.has("keypoints")) {
      throw new DatasetFormatException(file, "results[0]: missing field 'keypoints'");
    }
    return false;
  }

  private static double boxArea(JsonNode r, String path, Path file) throws DatasetFormatException {
    double[] bb = JsonFiles.finiteNumbers(r, "bbox", 4, path, file);
    return bb[2] * bb[3];
  }

  /** The area of the box spanned by all 17 keypoints (loadRes's keypoint branch). */
  static double keypointArea(double[] kp) {
    double x0 = Double.POSITIVE_INFINITY;
    double x1 = Double.NEGATIVE_INFINITY;
    double y0 = Double.POSITIVE_INFINITY;
    double y1 = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < KeypointGroundTruth.KEYPOINTS; k++) {
      x0 = Math.min(x0, kp[3 * k]);
      x1 = Math.max(x1, kp[3 * k]);
      y0 = Math.min(y0, kp[3 * k + 1]);
      y1 = Math.max(y1, kp[3 * k + 1]);
    }
    return (x1 - x0) * (y1 - y0);
  }

  /** The detections of one image and category, in file order (empty if none). */
  public List<Detection> detections(long image, long category) {
    return byImage.getOrDefault(new KeypointGroundTruth.ImageCategory(image, category), List.of());
  }

  /** All detections loaded. */
  public int size() {
    return count;
  }
}
