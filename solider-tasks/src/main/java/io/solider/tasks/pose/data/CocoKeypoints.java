package io.solider.tasks.pose.data;

import static io.solider.tasks.common.JsonFiles.array;
import static io.solider.tasks.common.JsonFiles.integer;
import static io.solider.tasks.common.JsonFiles.numbers;
import static io.solider.tasks.common.JsonFiles.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.solider.tasks.common.DatasetFormatException;
import io.solider.tasks.common.DatasetSummary;
import io.solider.tasks.common.JsonFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads COCO person keypoints: {@code annotations/person_keypoints_SPLIT.json} ({@code images},
 * {@code annotations} with {@code bbox}, 51 {@code keypoints}, {@code num_keypoints},
 * {@code iscrowd}) and images in {@code SPLIT/}.
 */
public final class CocoKeypoints {

  private static final Logger log = LoggerFactory.getLogger(CocoKeypoints.class);

  /** The 17 COCO keypoints. */
  public static final int KEYPOINTS = 17;

  private CocoKeypoints() {}

  /**
   * A read split.
   *
   * @param name data set and split
   * @param images number of images listed
   * @param people annotated people of category 1, grouped by image in the order the file lists the
   *     images, each image's people in annotation order (the order mmpose builds its samples in)
   * @param files image id → image file, in the file's image order
   */
  public record Split(String name, int images, List<PoseSample> people, Map<Long, Path> files) {

    public Split {
      people = List.copyOf(people);
      files = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(files));
    }

    public DatasetSummary summary() {
      return new DatasetSummary(name, images, 0, 0, KEYPOINTS);
    }
  }

  /** Reads split {@code split} (e.g. {@code train2017}) of the COCO root. */
  public static Split read(Path root, String split) throws IOException {
    DatasetFormatException.requireDirectory(root, "COCO root");
    Path images = DatasetFormatException.requireDirectory(root.resolve(split), "COCO " + split + " images");
    return read(root.resolve("annotations").resolve("person_keypoints_" + split + ".json"), images, "coco/" + split);
  }

  /** Reads one annotation file, resolving image file names against {@code imageDir}. */
  public static Split read(Path json, Path imageDir, String name) throws IOException {
    JsonNode doc = JsonFiles.read(json);
    JsonNode imgs = array(doc, "images", "$", json);
    Map<Long, JsonNode> byId = new HashMap<>();
    Map<Long, Integer> position = new HashMap<>();
    Map<Long, Path> files = new java.util.LinkedHashMap<>();
    for (int i = 0; i < imgs.size(); i++) {
      String path = "images[" + i + "]";
      JsonNode img = imgs.get(i);
      long id = integer(img, "id", path, json);
      text(img, "file_name", path, json);
      integer(img, "width", path, json);
      integer(img, "height", path, json);
      if (byId.put(id, img) != null) {
        throw new DatasetFormatException(json, path + ".id: duplicate image id " + id);
      }
      position.put(id, i);
      files.put(id, imageDir.resolve(img.get("file_name").textValue()));
    }
    JsonNode anns = array(doc, "annotations", "$", json);
    List<PoseSample> people = new ArrayList<>();
    for (int i = 0; i < anns.size(); i++) {
      String path = "annotations[" + i + "]";
      JsonNode a = anns.get(i);
      long imageId = integer(a, "image_id", path, json);
      JsonNode img = byId.get(imageId);
      if (img == null) {
        throw new DatasetFormatException(json, path + ".image_id: no image with id " + imageId);
      }
      if (integer(a, "category_id", path, json) != 1) {
        continue;
      }
      double[] kp = numbers(a, "keypoints", 3 * KEYPOINTS, path, json);
      for (int k = 0; k < KEYPOINTS; k++) {
        double v = kp[3 * k + 2];
        if (v != 0 && v != 1 && v != 2) {
          throw new DatasetFormatException(json, path + ".keypoints[" + (3 * k + 2) + "]: visibility must be 0, 1 or 2, got " + v);
        }
      }
      people.add(new PoseSample(
          imageDir.resolve(img.get("file_name").textValue()), imageId, img.get("width").intValue(),
          img.get("height").intValue(), integer(a, "id", path, json), numbers(a, "bbox", 4, path, json), kp,
          (int) integer(a, "num_keypoints", path, json), a.path("iscrowd").asInt(0) == 1,
          a.hasNonNull("area") ? JsonFiles.number(a, "area", path, json) : Double.NaN));
    }
    people.sort(java.util.Comparator.comparingInt(p -> position.get(p.imageId())));
    Split s = new Split(name, imgs.size(), people, files);
    log.info("{}", s.summary());
    return s;
  }
}
