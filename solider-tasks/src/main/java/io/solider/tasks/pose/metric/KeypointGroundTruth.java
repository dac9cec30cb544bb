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
 * A COCO person-keypoints ground truth as COCOeval prepares it: the evaluated images and categories
 * (every id the file lists, ascending) and, per (image, category), the annotated people in file
 * order. Annotations of images or categories the file does not list are dropped, as pycocotools'
 * {@code getAnnIds} drops them.
 */
public final class KeypointGroundTruth {

  /** Keypoints per person. */
  public static final int KEYPOINTS = 17;

  /**
   * One annotated person.
   *
   * @param id annotation id
   * @param imageId image id
   * @param categoryId category id
   * @param keypoints 17 × (x, y, v); v &gt; 0 marks a labelled keypoint
   * @param bbox box x, y, w, h (used by OKS when no keypoint is labelled)
   * @param area the annotation's {@code area} (OKS scale and area ranges)
   * @param crowd {@code iscrowd} (a crowd region may match several detections)
   * @param ignore COCOeval's ignore flag: crowd, or {@code num_keypoints} = 0
   */
  public record Person(long id, long imageId, long categoryId, double[] keypoints, double[] bbox, double area,
      boolean crowd, boolean ignore) {

    /** The number of keypoints with v &gt; 0. */
    public int labelled() {
      int n = 0;
      for (int k = 0; k < KEYPOINTS; k++) {
        n += keypoints[3 * k + 2] > 0 ? 1 : 0;
      }
      return n;
    }
  }

  private final Path file;
  private final long[] imageIds;
  private final long[] categoryIds;
  private final Map<ImageCategory, List<Person>> people;
  private final int count;

  private KeypointGroundTruth(Path file, long[] imageIds, long[] categoryIds, Map<ImageCategory, List<Person>> people,
      int count) {
    this.file = file;
    this.imageIds = imageIds;
    this.categoryIds = categoryIds;
    this.people = people;
    this.count = count;
  }

  /** (image, category) key. */
  record ImageCategory(long image, long category) {}

  /** Reads a COCO ground-truth file; see {@link CocoJson#readDocument} for the layout checks. */
  public static KeypointGroundTruth read(Path file) throws DatasetFormatException {
    return of(CocoJson.readDocument(file));
  }

  /**
   * The people of {@code doc}. Each annotation of a listed image and category needs 51
   * {@code keypoints}, a 4-number {@code bbox}, {@code area}, {@code iscrowd} (0/1 or a boolean)
   * and {@code num_keypoints}, all finite.
   */
  public static KeypointGroundTruth of(CocoJson.Document doc) throws DatasetFormatException {
    Path file = doc.file();
    Map<ImageCategory, List<Person>> people = new HashMap<>();
    int count = 0;
    List<JsonNode> anns = doc.annotations();
    for (int i = 0; i < anns.size(); i++) {
      JsonNode a = anns.get(i);
      long image = a.get("image_id").longValue();
      long category = a.get("category_id").longValue();
      if (!doc.hasImage(image) || !doc.hasCategory(category)) {
        continue;
      }
      String path = "annotations[" + i + "]";
      double[] kp = JsonFiles.finiteNumbers(a, "keypoints", 3 * KEYPOINTS, path, file);
      double[] bbox = JsonFiles.finiteNumbers(a, "bbox", 4, path, file);
      double area = JsonFiles.finite(a, "area", path, file);
      boolean crowd = flag(a, "iscrowd", path, file);
      double numKeypoints = JsonFiles.finite(a, "num_keypoints", path, file);
      Person p = new Person(a.get("id").longValue(), image, category, kp, bbox, area, crowd, crowd || numKeypoints == 0);
      people.computeIfAbsent(new ImageCategory(image, category), k -> new ArrayList<>()).add(p);
      count++;
    }
    people.replaceAll((k, v) -> List.copyOf(v));
    return new KeypointGroundTruth(file, doc.imageIds(), doc.categoryIds(), people, count);
  }

  private static boolean flag(JsonNode a, String name, String path, Path file) throws DatasetFormatException {
    JsonNode v = JsonFiles.field(a, name, path, file);
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (!v.isIntegralNumber()) {
      throw new DatasetFormatException(file, path + "." + name + ": expected 0, 1 or a boolean, got " + v);
    }
    return v.longValue() != 0;
  }

  /** The file read. */
  public Path file() {
    return file;
  }

  /** Every image id of the file, ascending. */
  public long[] imageIds() {
    return imageIds.clone();
  }

  /** Every category id of the file, ascending. */
  public long[] categoryIds() {
    return categoryIds.clone();
  }

  /** Whether the file lists image {@code id}. */
  public boolean hasImage(long id) {
    return java.util.Arrays.binarySearch(imageIds, id) >= 0;
  }

  /** Whether the file lists category {@code id}. */
  public boolean hasCategory(long id) {
    return java.util.Arrays.binarySearch(categoryIds, id) >= 0;
  }

  /** The people of one image and category, in file order (empty if none). */
  public List<Person> people(long image, long category) {
    return people.getOrDefault(new ImageCategory(image, category), List.of());
  }

  /** Annotated people over all evaluated images and categories. */
  public int size() {
    return count;
  }
}
