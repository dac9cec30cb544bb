package io.solider.tasks.detection.metric;

import com.fasterxml.jackson.databind.JsonNode;
import io.solider.nn.io.JsonFile;
import io.solider.tasks.common.DatasetFormatException;
import io.solider.tasks.common.JsonFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the evaluation's two inputs, COCO-style ground truth and a COCO results list, with errors
 * that name the file and the field ({@code dets.json: [12].bbox: expected 4 numbers, got 3}), and
 * writes results lists.
 */
public final class DetectionJson {

  private static final Logger log = LoggerFactory.getLogger(DetectionJson.class);

  private DetectionJson() {}

  /** Reads ground truth: {@code images[].id}, {@code categories[].id} and the annotations. */
  public static EvalGroundTruth readGroundTruth(Path file) throws IOException {
    return groundTruth(JsonFiles.read(file, "ground-truth JSON"), file);
  }

  /**
   * The evaluation ground truth of a CityPersons split under {@code root} ({@code val}:
   * {@code val_gt.json} or {@code val_gt_for_mmdetction.json}), the file the release evaluates on.
   */
  public static EvalGroundTruth cityPersonsGroundTruth(Path root, String split) throws IOException {
    return readGroundTruth(io.solider.tasks.detection.data.CityPersons.annotationFile(root, split));
  }

  /**
   * Ground truth from a parsed document. A missing {@code categories} list is taken as category 1
   * only (the release needs the list; CityPersons files have it); a missing {@code annotations}
   * list as none.
   */
  public static EvalGroundTruth groundTruth(JsonNode doc, Path file) throws DatasetFormatException {
    if (!doc.isObject()) {
      throw new DatasetFormatException(file, "expected a JSON object with 'images' and 'annotations'");
    }
    JsonNode imgs = JsonFiles.array(doc, "images", "$", file);
    List<Double> imageIds = new ArrayList<>(imgs.size());
    for (int i = 0; i < imgs.size(); i++) {
      imageIds.add(number(imgs.get(i), "id", "images[" + i + "]", file));
    }
    List<Double> categories = new ArrayList<>();
    if (doc.hasNonNull("categories")) {
      JsonNode cats = JsonFiles.array(doc, "categories", "$", file);
      for (int i = 0; i < cats.size(); i++) {
        categories.add(number(cats.get(i), "id", "categories[" + i + "]", file));
      }
    } else {
      log.warn("{}: no 'categories' list; evaluating category 1", file);
      categories.add(1.0);
    }
    List<GroundTruthBox> anns = new ArrayList<>();
    JsonNode list = doc.path("annotations");
    if (!list.isMissingNode() && !list.isArray()) {
      throw new DatasetFormatException(file, "$.annotations: expected an array");
    }
    Set<Double> known = new HashSet<>(imageIds);
    int unlisted = 0;
    for (int i = 0; i < list.size(); i++) {
      String path = "annotations[" + i + "]";
      JsonNode a = list.get(i);
      double[] box = box(a, path, file);
      GroundTruthBox g = new GroundTruthBox(number(a, "id", path, file), number(a, "image_id", path, file),
          number(a, "category_id", path, file), box[0], box[1], box[2], box[3], number(a, "height", path, file),
          number(a, "vis_ratio", path, file), ignore(a, path, file));
      unlisted += known.contains(g.imageId()) ? 0 : 1;
      anns.add(g);
    }
    if (unlisted > 0) {
      log.warn("{}: {} annotations belong to images not listed in 'images'; they are not evaluated", file, unlisted);
    }
    return new EvalGroundTruth(imageIds, categories, anns);
  }

  /**
   * Reads a COCO results list ({@code image_id}, {@code category_id}, {@code bbox} [x, y, w, h],
   * {@code score}). Every {@code image_id} must be an image of {@code gt}, as the release asserts.
   */
  public static List<Detection> readResults(Path file, EvalGroundTruth gt) throws IOException {
    return results(JsonFiles.read(file, "detection results JSON"), file, gt);
  }

  /** Results from a parsed document; see {@link #readResults}. */
  public static List<Detection> results(JsonNode doc, Path file, EvalGroundTruth gt) throws DatasetFormatException {
    if (!doc.isArray()) {
      throw new DatasetFormatException(file, "expected a JSON array of detections (COCO results format)");
    }
    Set<Double> images = new HashSet<>(gt.imageIds());
    List<Detection> out = new ArrayList<>(doc.size());
    for (int i = 0; i < doc.size(); i++) {
      String path = "[" + i + "]";
      JsonNode d = doc.get(i);
      double imageId = number(d, "image_id", path, file);
      if (!images.contains(imageId)) {
        throw new DatasetFormatException(file, path + ".image_id: " + format(imageId)
            + " is not an image of the ground truth (results do not correspond to the ground-truth set)");
      }
      double[] box = box(d, path, file);
      out.add(new Detection(imageId, number(d, "category_id", path, file), box[0], box[1], box[2], box[3],
          number(d, "score", path, file)));
    }
    return out;
  }

  /** Writes {@code dets} as a COCO results list (atomically). */
  public static void writeResults(List<Detection> dets, Path file) throws IOException {
    List<Map<String, Object>> out = new ArrayList<>(dets.size());
    for (Detection d : dets) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("image_id", integral(d.imageId()));
      m.put("category_id", integral(d.categoryId()));
      m.put("bbox", new double[] {d.x(), d.y(), d.w(), d.h()});
      m.put("score", d.score());
      out.add(m);
    }
    JsonFile.write(out, file);
  }

  private static Object integral(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? (Object) (long) v : (Object) v;
  }

  private static double number(JsonNode node, String name, String path, Path file) throws DatasetFormatException {
    if (!node.isObject()) {
      throw new DatasetFormatException(file, path + ": expected an object, got " + abbreviate(node));
    }
    return JsonFiles.finite(node, name, path, file);
  }

  private static double[] box(JsonNode node, String path, Path file) throws DatasetFormatException {
    if (!node.isObject()) {
      throw new DatasetFormatException(file, path + ": expected an object, got " + abbreviate(node));
    }
    return JsonFiles.finiteNumbers(node, "bbox", 4, path, file);
  }

  /** {@code ignore}: absent → 0, booleans → 0/1, numbers as they are (the release tests truthiness). */
  private static double ignore(JsonNode a, String path, Path file) throws DatasetFormatException {
    JsonNode v = a.get("ignore");
    if (v == null) {
      return 0;
    }
    if (v.isBoolean()) {
      return v.booleanValue() ? 1 : 0;
    }
    if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
      throw new DatasetFormatException(file, path + ".ignore: expected 0, 1 or a boolean, got " + abbreviate(v));
    }
    return v.doubleValue();
  }

  private static String abbreviate(JsonNode n) {
    String s = String.valueOf(n);
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }

  static String format(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
