package io.solider.tasks.search.metric;

import com.fasterxml.jackson.databind.JsonNode;
import io.solider.nn.io.Npy;
import io.solider.tasks.common.DatasetFormatException;
import io.solider.tasks.common.JsonFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the person-search exchange files that {@code search-eval} takes, checking everything a
 * mistake could break and naming the file and field of the first problem:
 * <ul>
 *   <li>{@code gallery.json}: {@code {"images": [{"name", "boxes_xyxy": [[x1,y1,x2,y2]…], "pids": […]}…]}};</li>
 *   <li>{@code detections.json}: {@code {"images": [{"boxes_xyxy", "scores", "feature_row_offset", "count"}…]}}
 *       (or {@code "detections"}, or the bare list), one entry per gallery scene in the same order
 *       (an optional {@code name} must then match); boxes and scores are rounded to float32 like
 *       the detector's output;</li>
 *   <li>{@code det.npy}: float32 (N, D), rows {@code feature_row_offset .. + count} per scene;</li>
 *   <li>{@code queries.json}: {@code {"gallery_size": G, "queries": [{"pid", "image", "box_xywh",
 *       "gallery": [{"image", "gt_box_xywh": [x,y,w,h] | null}…]}…]}} (a missing gt box means the
 *       person is not in that scene; CUHK-SYSU does not need the pid); {@code q.npy} float32 (Q, D).</li>
 * </ul>
 */
public final class SearchEvalFiles {

  // JSON files are read with JsonFiles' size limit (the real CUHK-SYSU TestG100 query file is about 20 MB).
  /** Largest .npy file read. */
  static final long MAX_NPY_BYTES = Integer.MAX_VALUE - 64L;

  private SearchEvalFiles() {}

  /** Paths of the five input files. */
  public record Paths(Path gallery, Path detections, Path detectionFeatures, Path queries, Path queryFeatures) {}

  /** Reads and cross-checks the five files for {@code protocol}. */
  public static SearchEvalInput read(Paths p, SearchProtocol protocol) throws IOException {
    List<GalleryImage> gallery = gallery(p.gallery());
    FeatureMatrix detFeatures = features(p.detectionFeatures(), "detection features");
    List<ImageDetections> detections = detections(p.detections(), gallery, detFeatures.rows());
    FeatureMatrix queryFeatures = features(p.queryFeatures(), "query features");
    if (queryFeatures.dim() != detFeatures.dim()) {
      throw new DatasetFormatException(p.queryFeatures(), "query features have " + queryFeatures.dim()
          + " dimensions but the detection features in " + p.detectionFeatures() + " have " + detFeatures.dim());
    }
    Queries queries = queries(p.queries(), gallery, protocol);
    if (queries.list().size() != queryFeatures.rows()) {
      throw new DatasetFormatException(p.queryFeatures(), queryFeatures.rows() + " rows but " + p.queries() + " has "
          + queries.list().size() + " queries");
    }
    return new SearchEvalInput(gallery, detections, detFeatures, queries.gallerySize(), queries.list(), queryFeatures);
  }

  static JsonNode json(Path file, String what) throws IOException {
    return JsonFiles.read(file, what);
  }

  /** {@code gallery.json}. */
  static List<GalleryImage> gallery(Path file) throws IOException {
    JsonNode root = json(file, "gallery.json");
    JsonNode images = list(root, "images", file);
    if (images.isEmpty()) {
      throw new DatasetFormatException(file, "images: the gallery is empty");
    }
    List<GalleryImage> out = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < images.size(); i++) {
      String at = "images[" + i + "]";
      JsonNode img = object(images.get(i), at, file);
      String name = JsonFiles.text(img, "name", at, file);
      Integer before = seen.put(name, i);
      if (before != null) {
        throw new DatasetFormatException(file, at + ".name: \"" + name + "\" is also images[" + before + "].name");
      }
      double[] boxes = boxes(img, "boxes_xyxy", at, file);
      JsonNode pids = JsonFiles.array(img, "pids", at, file);
      if (pids.size() * 4 != boxes.length) {
        throw new DatasetFormatException(file, at + ".pids: " + pids.size() + " pids for " + boxes.length / 4 + " boxes");
      }
      int[] ids = new int[pids.size()];
      for (int k = 0; k < ids.length; k++) {
        JsonNode v = pids.get(k);
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
          throw new DatasetFormatException(file, at + ".pids[" + k + "]: expected an integer, got " + v);
        }
        ids[k] = v.intValue();
      }
      out.add(new GalleryImage(name, boxes, ids));
    }
    return out;
  }

  /** {@code detections.json}, checked against the gallery and the number of feature rows. */
  static List<ImageDetections> detections(Path file, List<GalleryImage> gallery, int featureRows) throws IOException {
    JsonNode root = json(file, "detections.json");
    JsonNode images = root.isArray() ? root
        : root.isObject() && !root.has("images") && root.has("detections") ? list(root, "detections", file)
        : list(root, "images", file);
    if (images.size() != gallery.size()) {
      throw new DatasetFormatException(file, images.size() + " entries but the gallery has " + gallery.size()
          + " scenes (one entry per scene, same order)");
    }
    List<ImageDetections> out = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      String at = "images[" + i + "]";
      JsonNode e = object(images.get(i), at, file);
      JsonNode name = e.get("name");
      if (name != null && !name.isNull() && !gallery.get(i).name().equals(name.asText())) {
        throw new DatasetFormatException(file, at + ".name: \"" + name.asText() + "\" but gallery scene " + i + " is \""
            + gallery.get(i).name() + "\" (entries must follow the gallery's order)");
      }
      double[] b = boxes(e, "boxes_xyxy", at, file);
      float[] boxes = new float[b.length];
      for (int k = 0; k < b.length; k++) {
        boxes[k] = finiteFloat(b[k], file, at + ".boxes_xyxy[" + k / 4 + "][" + k % 4 + "]");
      }
      JsonNode s = JsonFiles.array(e, "scores", at, file);
      float[] scores = new float[s.size()];
      for (int k = 0; k < scores.length; k++) {
        if (!s.get(k).isNumber()) {
          throw new DatasetFormatException(file, at + ".scores[" + k + "]: expected a number, got " + s.get(k));
        }
        scores[k] = finiteFloat(s.get(k).doubleValue(), file, at + ".scores[" + k + "]");
      }
      long offset = JsonFiles.integer(e, "feature_row_offset", at, file);
      long count = JsonFiles.integer(e, "count", at, file);
      if (count != scores.length || 4L * count != boxes.length) {
        throw new DatasetFormatException(file, at + ": count is " + count + " but there are " + boxes.length / 4
            + " boxes and " + scores.length + " scores");
      }
      if (offset < 0 || offset + count > featureRows) {
        throw new DatasetFormatException(file, at + ": feature rows " + offset + ".." + (offset + count)
            + " are outside the " + featureRows + " rows of the detection features");
      }
      out.add(new ImageDetections(boxes, scores, (int) offset));
    }
    return out;
  }

  /** The queries and the protocol's gallery size. */
  record Queries(int gallerySize, List<SearchQueryInput> list) {}

  /** {@code queries.json}, checked against the gallery for {@code protocol}. */
  static Queries queries(Path file, List<GalleryImage> gallery, SearchProtocol protocol) throws IOException {
    JsonNode root = json(file, "queries.json");
    long gallerySize = JsonFiles.integer(root, "gallery_size", "queries.json", file);
    JsonNode qs = list(root, "queries", file);
    if (qs.isEmpty()) {
      throw new DatasetFormatException(file, "queries: there are no queries");
    }
    if (protocol == SearchProtocol.CUHK_SYSU && gallerySize < 1) {
      throw new DatasetFormatException(file, "gallery_size: expected the protocol's gallery size (e.g. 100), got "
          + gallerySize + " (the release's full-gallery variant, -1, fails in its code)");
    }
    Set<String> names = new HashSet<>();
    gallery.forEach(g -> names.add(g.name()));
    List<SearchQueryInput> out = new ArrayList<>();
    for (int q = 0; q < qs.size(); q++) {
      String at = "queries[" + q + "]";
      JsonNode e = object(qs.get(q), at, file);
      // The CUHK-SYSU protocol does not use the pid (the release gives queries a dummy -100).
      long pid = protocol == SearchProtocol.CUHK_SYSU && (e.get("pid") == null || e.get("pid").isNull()) ? -100
          : JsonFiles.integer(e, "pid", at, file);
      if (pid != (int) pid) {
        throw new DatasetFormatException(file, at + ".pid: " + pid + " is out of range");
      }
      String image = JsonFiles.text(e, "image", at, file);
      double[] box = box4(e.get("box_xywh"), at + ".box_xywh", file, false);
      List<SearchQueryInput.GalleryEntry> entries = new ArrayList<>();
      JsonNode g = e.get("gallery");
      if (protocol == SearchProtocol.CUHK_SYSU) {
        if (g == null || !g.isArray()) {
          throw new DatasetFormatException(file, at + ".gallery: expected the protocol's list of gallery scenes");
        }
        if (g.size() != gallerySize) {
          throw new DatasetFormatException(file, at + ".gallery: " + g.size() + " scenes but gallery_size is "
              + gallerySize + (g.isEmpty() ? " (PRW-style files need --protocol prw)" : ""));
        }
        for (int k = 0; k < g.size(); k++) {
          String gat = at + ".gallery[" + k + "]";
          JsonNode item = object(g.get(k), gat, file);
          String scene = JsonFiles.text(item, "image", gat, file);
          if (!names.contains(scene)) {
            throw new DatasetFormatException(file, gat + ".image: \"" + scene + "\" is not a scene of the gallery");
          }
          entries.add(new SearchQueryInput.GalleryEntry(scene, box4(item.get("gt_box_xywh"), gat + ".gt_box_xywh", file, true)));
        }
      } else if (!names.contains(image)) {
        throw new DatasetFormatException(file, at + ".image: \"" + image + "\" is not a scene of the gallery "
            + "(PRW excludes the query's own scene from its gallery by name)");
      }
      out.add(new SearchQueryInput((int) pid, image, box, entries));
    }
    return new Queries((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, gallerySize)), out);
  }

  /** A float32 (N, D) feature matrix from an {@code .npy} file. */
  static FeatureMatrix features(Path file, String what) throws IOException {
    DatasetFormatException.requireFile(file, what);
    long size = Files.size(file);
    if (size > MAX_NPY_BYTES) {
      throw new DatasetFormatException(file, "file of " + size + " bytes is larger than the limit of " + MAX_NPY_BYTES);
    }
    ByteBuffer buf;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      buf = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
    }
    Npy.Header h;
    try {
      h = Npy.readHeader(buf, file.toString());
    } catch (IOException e) {
      throw new DatasetFormatException(file, "malformed .npy: " + strip(e.getMessage(), file), e);
    }
    if (!h.descr().replaceFirst("^[<=|]", "").equals("f4")) {
      throw new DatasetFormatException(file, "element type '" + h.descr() + "', expected float32 ('<f4')");
    }
    long[] shape = h.shape();
    if (shape.length != 2 || shape[1] == 0) {
      throw new DatasetFormatException(file, "shape " + java.util.Arrays.toString(shape) + ", expected (N, D) with D > 0");
    }
    long n = shape[0] * shape[1];
    if (h.dataOffset() + 4 * n > size) {
      throw new DatasetFormatException(file, "truncated: shape " + java.util.Arrays.toString(shape) + " needs "
          + 4 * n + " bytes of data, the file has " + (size - h.dataOffset()));
    }
    float[] data = new float[(int) n];
    ByteBuffer d = buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    d.position(h.dataOffset());
    d.asFloatBuffer().get(data);
    int rows = (int) shape[0];
    int dim = (int) shape[1];
    if (h.fortranOrder()) {
      float[] c = new float[data.length];
      for (int r = 0; r < rows; r++) {
        for (int k = 0; k < dim; k++) {
          c[r * dim + k] = data[k * rows + r];
        }
      }
      data = c;
    }
    for (int i = 0; i < data.length; i++) {
      if (!Float.isFinite(data[i])) {
        throw new DatasetFormatException(file, "row " + i / dim + ", column " + i % dim + " is " + data[i]);
      }
    }
    return new FeatureMatrix(data, rows, dim);
  }

  private static String strip(String msg, Path file) {
    String prefix = file + ": ";
    return msg != null && msg.startsWith(prefix) ? msg.substring(prefix.length()) : msg;
  }

  private static JsonNode list(JsonNode root, String name, Path file) throws DatasetFormatException {
    if (!root.isObject()) {
      throw new DatasetFormatException(file, "expected a JSON object with '" + name + "'");
    }
    return JsonFiles.array(root, name, "$", file);
  }

  private static JsonNode object(JsonNode n, String at, Path file) throws DatasetFormatException {
    if (n == null || !n.isObject()) {
      throw new DatasetFormatException(file, at + ": expected an object");
    }
    return n;
  }

  /** A list of boxes, each four finite numbers, flattened. */
  private static double[] boxes(JsonNode parent, String field, String at, Path file) throws DatasetFormatException {
    JsonNode list = JsonFiles.array(parent, field, at, file);
    double[] out = new double[4 * list.size()];
    for (int k = 0; k < list.size(); k++) {
      double[] b = box4(list.get(k), at + "." + field + "[" + k + "]", file, false);
      System.arraycopy(b, 0, out, 4 * k, 4);
    }
    return out;
  }

  /** Four finite numbers; with {@code nullable}, null (or an empty list) gives null. */
  private static double[] box4(JsonNode n, String at, Path file, boolean nullable) throws DatasetFormatException {
    if (nullable && (n == null || n.isNull() || (n.isArray() && n.isEmpty()))) {
      return null;
    }
    if (n == null || !n.isArray() || n.size() != 4) {
      throw new DatasetFormatException(file, at + ": expected 4 numbers" + (nullable ? " or null" : "") + ", got " + n);
    }
    double[] b = new double[4];
    for (int i = 0; i < 4; i++) {
      JsonNode v = n.get(i);
      if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
        throw new DatasetFormatException(file, at + "[" + i + "]: expected a finite number, got " + v);
      }
      b[i] = v.doubleValue();
    }
    return b;
  }

  private static float finiteFloat(double v, Path file, String at) throws DatasetFormatException {
    float f = (float) v;
    if (!Float.isFinite(f)) {
      throw new DatasetFormatException(file, at + ": " + v + " is not a finite float32");
    }
    return f;
  }
}
