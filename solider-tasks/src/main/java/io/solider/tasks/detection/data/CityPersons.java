package io.solider.tasks.detection.data;

import static io.solider.tasks.common.JsonFiles.array;
import static io.solider.tasks.common.JsonFiles.integer;
import static io.solider.tasks.common.JsonFiles.number;
import static io.solider.tasks.common.JsonFiles.numbers;
import static io.solider.tasks.common.JsonFiles.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.solider.tasks.common.DatasetFormatException;
import io.solider.tasks.common.DatasetSummary;
import io.solider.tasks.common.JsonFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads CityPersons in the COCO-style JSON used by Pedestron: {@code train.json} and
 * {@code val_gt.json} (or {@code val_gt_for_mmdetction.json}) whose annotations carry {@code bbox},
 * {@code vis_bbox}, {@code height}, {@code vis_ratio}, {@code ignore}, {@code iscrowd}; images under
 * {@code leftImg8bit_trainvaltest/leftImg8bit/SPLIT/} + {@code file_name}.
 */
public final class CityPersons {

  private static final Logger log = LoggerFactory.getLogger(CityPersons.class);

  private CityPersons() {}

  /** Reads {@code split} ({@code train} or {@code val}) under the CityPersons root. */
  public static List<DetectionImage> read(Path root, String split) throws IOException {
    Path json = annotationFile(root, split);
    Path images = DatasetFormatException.requireDirectory(
        root.resolve("leftImg8bit_trainvaltest/leftImg8bit").resolve(split), "CityPersons " + split + " images");
    List<DetectionImage> out = read(json, images);
    log.info("{}", summary("citypersons/" + split, out));
    return out;
  }

  /**
   * The annotation file of {@code split}: {@code train.json}, and for {@code val} {@code val_gt.json}
   * or else Pedestron's {@code val_gt_for_mmdetction.json}. The same file is the evaluation's ground
   * truth ({@code DetectionJson.readGroundTruth}).
   */
  public static Path annotationFile(Path root, String split) throws DatasetFormatException {
    DatasetFormatException.requireDirectory(root, "CityPersons root");
    if (split.equals("val")) {
      return Files.exists(root.resolve("val_gt.json")) ? root.resolve("val_gt.json")
          : root.resolve("val_gt_for_mmdetction.json");
    }
    return root.resolve(split + ".json");
  }

  /** Reads one annotation file, resolving image file names against {@code imageDir}. */
  public static List<DetectionImage> read(Path json, Path imageDir) throws IOException {
    JsonNode doc = JsonFiles.read(json);
    JsonNode imgs = array(doc, "images", "$", json);
    Map<Long, List<PedestrianBox>> boxes = new LinkedHashMap<>();
    Map<Long, JsonNode> byId = new LinkedHashMap<>();
    for (int i = 0; i < imgs.size(); i++) {
      String path = "images[" + i + "]";
      long id = integer(imgs.get(i), "id", path, json);
      text(imgs.get(i), "file_name", path, json);
      integer(imgs.get(i), "width", path, json);
      integer(imgs.get(i), "height", path, json);
      byId.put(id, imgs.get(i));
      boxes.put(id, new ArrayList<>());
    }
    JsonNode anns = array(doc, "annotations", "$", json);
    for (int i = 0; i < anns.size(); i++) {
      String path = "annotations[" + i + "]";
      JsonNode a = anns.get(i);
      long imageId = integer(a, "image_id", path, json);
      List<PedestrianBox> list = boxes.get(imageId);
      if (list == null) {
        throw new DatasetFormatException(json, path + ".image_id: no image with id " + imageId);
      }
      double[] box = numbers(a, "bbox", 4, path, json);
      double[] vis = a.has("vis_bbox") ? numbers(a, "vis_bbox", 4, path, json) : box;
      double height = a.has("height") ? number(a, "height", path, json) : box[3];
      double ratio = a.has("vis_ratio") ? number(a, "vis_ratio", path, json) : 1.0;
      list.add(new PedestrianBox(box, vis, height, ratio, flag(a, "ignore", path, json), flag(a, "iscrowd", path, json)));
    }
    List<DetectionImage> out = new ArrayList<>();
    for (var e : byId.entrySet()) {
      JsonNode img = e.getValue();
      out.add(new DetectionImage(imageDir.resolve(img.get("file_name").textValue()), e.getKey(),
          img.get("width").intValue(), img.get("height").intValue(), boxes.get(e.getKey())));
    }
    return out;
  }

  /** A 0/1 (or boolean) flag, false when absent; any non-zero number counts, as Python's truth test. */
  private static boolean flag(JsonNode a, String name, String path, Path json) throws DatasetFormatException {
    JsonNode v = a.get(name);
    if (v == null || v.isNull()) {
      return false;
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (!v.isNumber()) {
      throw new DatasetFormatException(json, path + "." + name + ": expected 0, 1 or a boolean, got " + v);
    }
    return v.doubleValue() != 0;
  }

  /** Counts: images, and as classes the number of non-ignored pedestrians. */
  public static DatasetSummary summary(String name, List<DetectionImage> images) {
    return new DatasetSummary(name, images.size(), 0, 0, 1);
  }
}
