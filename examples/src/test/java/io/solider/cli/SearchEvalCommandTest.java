package io.solider.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.solider.nn.io.Npy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code solider search-eval}: the exchange files in, metrics JSON out, one line for each kind of
 * bad input. The numbers are worked out by hand here; the reference cases computed by the
 * release's code are checked in solider-tasks ({@code SearchEvalReferenceTest}).
 */
class SearchEvalCommandTest {

  @TempDir static Path dir;

  static final String GALLERY = """
      {"images": [
        {"name": "s1.jpg", "boxes_xyxy": [[0, 0, 10, 20]], "pids": [1]},
        {"name": "s2.jpg", "boxes_xyxy": [[0, 0, 10, 20], [50, 0, 60, 20]], "pids": [1, 2]},
        {"name": "s3.jpg", "boxes_xyxy": [[0, 0, 10, 20]], "pids": [3]}]}""";
  static final String DETECTIONS = """
      {"images": [
        {"boxes_xyxy": [[0, 0, 10, 20]], "scores": [0.9], "feature_row_offset": 0, "count": 1},
        {"boxes_xyxy": [[0, 0, 10, 20], [50, 0, 60, 20]], "scores": [0.8, 0.7], "feature_row_offset": 1, "count": 2},
        {"boxes_xyxy": [[100, 100, 110, 120]], "scores": [0.6], "feature_row_offset": 3, "count": 1}]}""";
  static final String QUERIES = """
      {"gallery_size": 2, "queries": [
        {"pid": 1, "image": "s1.jpg", "box_xywh": [0, 0, 10, 20],
         "gallery": [{"image": "s2.jpg", "gt_box_xywh": [0, 0, 10, 20]}, {"image": "s3.jpg", "gt_box_xywh": null}]},
        {"pid": 3, "image": "s3.jpg", "box_xywh": [0, 0, 10, 20],
         "gallery": [{"image": "s2.jpg", "gt_box_xywh": null}, {"image": "s1.jpg", "gt_box_xywh": null}]}]}""";

  static Path gallery;
  static Path detections;
  static Path det;
  static Path queries;
  static Path q;

  record Run(int code, String err) {}

  @BeforeAll
  static void writeInputs() throws Exception {
    gallery = write("gallery.json", GALLERY);
    detections = write("detections.json", DETECTIONS);
    queries = write("queries.json", QUERIES);
    det = dir.resolve("det.npy");
    q = dir.resolve("q.npy");
    Npy.write(Nd4j.createFromArray(new float[][] {{1, 0}, {1, 0}, {0, 1}, {0.5f, 0.5f}}), det);
    Npy.write(Nd4j.createFromArray(new float[][] {{1, 0}, {0, 1}}), q);
  }

  static Path write(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  static Run run(String... args) {
    var cl = SoliderCli.newCommandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    return new Run(cl.execute(args), err.toString());
  }

  static List<String> args(Path g, Path d, Path df, Path qs, Path qf, Path out, String... extra) {
    List<String> a = new ArrayList<>(List.of("search-eval", "--gallery", g.toString(), "--detections", d.toString(),
        "--det-features", df.toString(), "--queries", qs.toString(), "--query-features", qf.toString(),
        "--output", out.toString()));
    a.addAll(List.of(extra));
    return a;
  }

  @Test
  void writesTheMetricsWithTheIssuesKeys() throws Exception {
    for (String protocol : List.of("cuhk", "prw")) {
      Path out = dir.resolve(protocol + "/metrics.json");
      Run r = run(args(gallery, detections, det, queries, q, out, "--protocol", protocol).toArray(String[]::new));
      assertThat(r.code()).as(r.err()).isZero();
      JsonNode m = new ObjectMapper().readTree(out.toFile());
      assertThat(m.fieldNames()).toIterable().containsExactly("mAP", "top1", "top5", "top10", "detection");
      assertThat(m.get("detection").fieldNames()).toIterable().containsExactly("recall", "ap");
      // Query 1 finds its target first (AP 1); query 2's person is in no other scene (AP 0).
      assertThat(m.get("mAP").asDouble()).isEqualTo(0.5);
      assertThat(m.get("top1").asDouble()).isEqualTo(0.5);
      assertThat(m.get("top10").asDouble()).isEqualTo(0.5);
      // 4 people, 3 found by the three best-scoring detections; the fourth detection is a miss.
      assertThat(m.get("detection").get("recall").asDouble()).isEqualTo(0.75);
      assertThat(m.get("detection").get("ap").asDouble()).isEqualTo(0.75);
    }
  }

  @Test
  void aHighDetectionThresholdDropsTheTarget() throws Exception {
    Path out = dir.resolve("thresh.json");
    Run r = run(args(gallery, detections, det, queries, q, out, "--det-thresh", "0.85").toArray(String[]::new));
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(new ObjectMapper().readTree(out.toFile()).get("mAP").asDouble()).isZero();
  }

  void rejects(String expected, List<String> a) {
    Run r = run(a.toArray(String[]::new));
    assertThat(r.code()).as(r.err()).isNotZero();
    assertThat(r.err().strip()).doesNotContain("\n").contains(expected);
  }

  Path out() {
    return dir.resolve("never.json");
  }

  @Test
  void missingFile() {
    rejects("gallery.json", args(dir.resolve("nope/gallery.json"), detections, det, queries, q, out()));
  }

  @Test
  void malformedJson() throws Exception {
    Path bad = write("bad.json", "{\"images\": [");
    rejects("malformed or truncated JSON", args(bad, detections, det, queries, q, out()));
  }

  @Test
  void detectionsOutOfOrderOrCounted() throws Exception {
    Path fewer = write("fewer.json", "{\"images\": []}");
    rejects("0 entries but the gallery has 3 scenes", args(gallery, fewer, det, queries, q, out()));
    Path count = write("count.json", DETECTIONS.replace("\"count\": 2", "\"count\": 3"));
    rejects("images[1]: count is 3 but there are 2 boxes", args(gallery, count, det, queries, q, out()));
    Path rows = write("rows.json", DETECTIONS.replace("\"feature_row_offset\": 3", "\"feature_row_offset\": 4"));
    rejects("feature rows 4..5 are outside the 4 rows", args(gallery, rows, det, queries, q, out()));
    Path named = write("named.json", DETECTIONS.replace("{\"boxes_xyxy\": [[0, 0, 10, 20]], \"scores\": [0.9]",
        "{\"name\": \"s2.jpg\", \"boxes_xyxy\": [[0, 0, 10, 20]], \"scores\": [0.9]"));
    rejects("images[0].name: \"s2.jpg\" but gallery scene 0 is \"s1.jpg\"", args(gallery, named, det, queries, q, out()));
    Path inf = write("inf.json", DETECTIONS.replace("0.6]", "1e999]"));
    rejects("images[2].scores[0]", args(gallery, inf, det, queries, q, out()));
  }

  @Test
  void galleryProblems() throws Exception {
    Path dup = write("dup.json", GALLERY.replace("\"s3.jpg\"", "\"s1.jpg\""));
    rejects("images[2].name: \"s1.jpg\" is also images[0].name", args(dup, detections, det, queries, q, out()));
    Path pids = write("pids.json", GALLERY.replace("\"pids\": [1, 2]", "\"pids\": [1]"));
    rejects("images[1].pids: 1 pids for 2 boxes", args(pids, detections, det, queries, q, out()));
    Path box = write("box.json", GALLERY.replace("[50, 0, 60, 20]", "[50, 0, 60]"));
    rejects("images[1].boxes_xyxy[1]: expected 4 numbers", args(box, detections, det, queries, q, out()));
  }

  @Test
  void queryProblems() throws Exception {
    Path unknown = write("unknown.json", QUERIES.replace("{\"image\": \"s3.jpg\", \"gt_box_xywh\": null}",
        "{\"image\": \"s9.jpg\", \"gt_box_xywh\": null}"));
    rejects("queries[0].gallery[1].image: \"s9.jpg\" is not a scene of the gallery",
        args(gallery, detections, det, unknown, q, out()));
    Path size = write("size.json", QUERIES.replace("\"gallery_size\": 2", "\"gallery_size\": 100"));
    rejects("queries[0].gallery: 2 scenes but gallery_size is 100", args(gallery, detections, det, size, q, out()));
    Path prwStyle = write("prw.json", "{\"gallery_size\": 2, \"queries\": [{\"pid\": 1, \"image\": \"s1.jpg\", "
        + "\"box_xywh\": [0, 0, 10, 20], \"gallery\": []}]}");
    rejects("need --protocol prw", args(gallery, detections, det, prwStyle, q, out()));
    Path prwUnknown = write("prw2.json", "{\"gallery_size\": 2, \"queries\": [{\"pid\": 1, \"image\": \"x.jpg\", "
        + "\"box_xywh\": [0, 0, 10, 20]}, {\"pid\": 3, \"image\": \"s3.jpg\", \"box_xywh\": [0, 0, 10, 20]}]}");
    rejects("queries[0].image: \"x.jpg\" is not a scene of the gallery",
        args(gallery, detections, det, prwUnknown, q, out(), "--protocol", "prw"));
  }

  @Test
  void featureProblems() throws Exception {
    Path f64 = dir.resolve("f64.npy");
    Npy.write(Nd4j.createFromArray(new double[][] {{1, 0}, {0, 1}}), f64);
    rejects("expected float32", args(gallery, detections, det, queries, f64, out()));
    Path oneD = dir.resolve("oned.npy");
    Npy.write(Nd4j.createFromArray(new float[] {1, 0}), oneD);
    rejects("expected (N, D)", args(gallery, detections, det, queries, oneD, out()));
    Path three = dir.resolve("three.npy");
    Npy.write(Nd4j.createFromArray(new float[][] {{1, 0}, {0, 1}, {1, 1}}), three);
    rejects("3 rows but", args(gallery, detections, det, queries, three, out()));
    Path wide = dir.resolve("wide.npy");
    Npy.write(Nd4j.createFromArray(new float[][] {{1, 0, 0}, {0, 1, 0}}), wide);
    rejects("query features have 3 dimensions", args(gallery, detections, det, queries, wide, out()));
    Path nan = dir.resolve("nan.npy");
    Npy.write(Nd4j.createFromArray(new float[][] {{1, 0}, {Float.NaN, 1}}), nan);
    rejects("row 1, column 0 is NaN", args(gallery, detections, det, queries, nan, out()));
    Path junk = write("junk.npy", "not an npy file at all");
    rejects("malformed .npy", args(gallery, detections, det, queries, junk, out()));
  }

  @Test
  void badOptions() {
    rejects("--protocol must be cuhk or prw", args(gallery, detections, det, queries, q, out(), "--protocol", "x"));
    assertThat(Files.exists(out())).isFalse();
  }
}
