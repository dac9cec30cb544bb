package io.solider.tasks.common;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * COCO-format JSON as pycocotools reads it: a ground-truth document ({@code images},
 * {@code categories}, {@code annotations}) and a results list (a top-level array of objects). Errors
 * name the file and the field, e.g. {@code results.json: results[3].keypoints[7]: not a finite
 * number (NaN)}.
 *
 * <p>Files are read by {@link JsonFiles#readAllowingNonFinite} (size limit; {@code NaN} and
 * {@code Infinity} tokens, which Python's {@code json.dump} writes, parsed so that
 * {@link JsonFiles#finite} can say which number is not finite).
 */
public final class CocoJson {

  private CocoJson() {}

  /**
   * A ground-truth document as pycocotools indexes it.
   *
   * @param file the file read
   * @param imageIds the distinct image ids, ascending (pycocotools' {@code sorted(getImgIds())})
   * @param categoryIds the distinct category ids, ascending
   * @param images the {@code images} entries, in file order
   * @param annotations the {@code annotations} entries, in file order; each has an integer
   *     {@code id} (unique), {@code image_id} and {@code category_id}
   */
  public record Document(Path file, long[] imageIds, long[] categoryIds, List<JsonNode> images,
      List<JsonNode> annotations) {

    public Document {
      imageIds = imageIds.clone();
      categoryIds = categoryIds.clone();
      images = List.copyOf(images);
      annotations = List.copyOf(annotations);
    }

    /** Whether {@code id} is one of the document's images. */
    public boolean hasImage(long id) {
      return Arrays.binarySearch(imageIds, id) >= 0;
    }

    /** Whether {@code id} is one of the document's categories. */
    public boolean hasCategory(long id) {
      return Arrays.binarySearch(categoryIds, id) >= 0;
    }
  }

  /**
   * Reads a ground-truth document: an object with arrays {@code images}, {@code categories} and
   * {@code annotations}. Image and category ids must be integers (repeats collapse, as in
   * pycocotools); every annotation needs integer {@code id}, {@code image_id} and
   * {@code category_id}, and annotation ids must be unique (pycocotools would silently resolve a
   * repeated id to the last annotation carrying it).
   */
  public static Document readDocument(Path file) throws DatasetFormatException {
    JsonNode doc = JsonFiles.readAllowingNonFinite(file, "JSON");
    if (!doc.isObject()) {
      throw new DatasetFormatException(file, "expected a JSON object with images, annotations and categories");
    }
    List<JsonNode> images = objects(doc, "images", file);
    List<JsonNode> categories = objects(doc, "categories", file);
    List<JsonNode> annotations = objects(doc, "annotations", file);
    long[] imageIds = new long[images.size()];
    for (int i = 0; i < imageIds.length; i++) {
      imageIds[i] = JsonFiles.integer(images.get(i), "id", "images[" + i + "]", file);
    }
    long[] categoryIds = new long[categories.size()];
    for (int i = 0; i < categoryIds.length; i++) {
      categoryIds[i] = JsonFiles.integer(categories.get(i), "id", "categories[" + i + "]", file);
    }
    Set<Long> annotationIds = new HashSet<>();
    for (int i = 0; i < annotations.size(); i++) {
      String path = "annotations[" + i + "]";
      JsonNode a = annotations.get(i);
      long id = JsonFiles.integer(a, "id", path, file);
      JsonFiles.integer(a, "image_id", path, file);
      JsonFiles.integer(a, "category_id", path, file);
      if (!annotationIds.add(id)) {
        throw new DatasetFormatException(file, path + ".id: annotation id " + id + " is used twice");
      }
    }
    return new Document(file, distinctSorted(imageIds), distinctSorted(categoryIds), images, annotations);
  }

  /** Reads a results list: a top-level JSON array of objects. */
  public static List<JsonNode> readResults(Path file) throws DatasetFormatException {
    JsonNode root = JsonFiles.readAllowingNonFinite(file, "JSON");
    if (!root.isArray()) {
      throw new DatasetFormatException(file, "expected a JSON array of result objects (a COCO results list)");
    }
    List<JsonNode> out = new ArrayList<>(root.size());
    for (int i = 0; i < root.size(); i++) {
      if (!root.get(i).isObject()) {
        throw new DatasetFormatException(file, "results[" + i + "]: expected an object, got " + root.get(i).getNodeType());
      }
      out.add(root.get(i));
    }
    return out;
  }

  /**
   * The required member {@code name} of {@code node} as an id: an integer, or a number with an
   * integral value such as {@code 1.0} (Python compares {@code 1.0 == 1}, so pycocotools accepts it).
   */
  public static long id(JsonNode node, String name, String path, Path file) throws DatasetFormatException {
    JsonNode v = JsonFiles.field(node, name, path, file);
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      return v.longValue();
    }
    if (v.isNumber()) {
      double d = v.doubleValue();
      if (d == Math.rint(d) && Math.abs(d) < 0x1p53) {
        return (long) d;
      }
    }
    throw new DatasetFormatException(file, path + "." + name + ": expected an integer id, got " + v);
  }

  private static List<JsonNode> objects(JsonNode doc, String name, Path file) throws DatasetFormatException {
    JsonNode arr = JsonFiles.array(doc, name, "$", file);
    List<JsonNode> out = new ArrayList<>(arr.size());
    for (int i = 0; i < arr.size(); i++) {
      if (!arr.get(i).isObject()) {
        throw new DatasetFormatException(file, name + "[" + i + "]: expected an object, got " + arr.get(i).getNodeType());
      }
      out.add(arr.get(i));
    }
    return out;
  }

  private static long[] distinctSorted(long[] ids) {
    return Arrays.stream(ids).distinct().sorted().toArray();
  }
}
