package io.solider.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code solider pose-eval}: GT and results JSON in, the ten COCO keypoint numbers out; one line and
 * a non-zero exit for each kind of bad input. (The numbers themselves are checked against
 * pycocotools in solider-tasks' {@code CocoKeypointEvaluatorTest}.)
 */
class PoseEvalCommandTest {

  @TempDir static Path dir;
  static Path gt;
  static Path results;

  record Run(int code, String err) {}

  /** 17 keypoints spread over a box (x, y, w, h), all visible. */
  static List<Double> keypoints(double x, double y, double w, double h, double v) {
    List<Double> k = new ArrayList<>();
    for (int i = 0; i < 17; i++) {
      k.add(x + w * ((i * 7) % 17) / 16.0);
      k.add(y + h * i / 16.0);
      k.add(v);
    }
    return k;
  }

  static String person(int id, int image, double x, double y, double w, double h) {
    return String.format("{\"id\": %d, \"image_id\": %d, \"category_id\": 1, \"bbox\": [%s, %s, %s, %s], \"area\": %s, "
        + "\"iscrowd\": 0, \"num_keypoints\": 17, \"keypoints\": %s}", id, image, x, y, w, h, w * h * 0.6,
        keypoints(x, y, w, h, 2));
  }

  static String gtJson(String annotations) {
    return "{\"images\": [{\"id\": 1, \"file_name\": \"a.jpg\", \"width\": 640, \"height\": 480},"
        + " {\"id\": 2, \"file_name\": \"b.jpg\", \"width\": 640, \"height\": 480}],"
        + " \"categories\": [{\"id\": 1, \"name\": \"person\"}], \"annotations\": [" + annotations + "]}";
  }

  static String result(int image, List<Double> kp, String score) {
    return String.format("{\"image_id\": %d, \"category_id\": 1, \"keypoints\": %s, \"score\": %s}", image, kp, score);
  }

  @BeforeAll
  static void writeInputs() throws Exception {
    gt = dir.resolve("gt.json");
    Files.writeString(gt, gtJson(person(1, 1, 100, 50, 120, 300) + ", " + person(2, 2, 10, 20, 60, 200)));
    results = dir.resolve("results.json");
    Files.writeString(results, "[" + result(1, keypoints(100, 50, 120, 300, 0.9), "0.8") + ", "
        + result(2, keypoints(10, 20, 60, 200, 0.9), "0.7") + ", " + result(2, keypoints(400, 300, 50, 50, 0.5), "0.1") + "]");
  }

  static Run run(String... args) {
    var cl = SoliderCli.newCommandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    return new Run(cl.execute(args), err.toString());
  }

  Run eval(Path g, Path r) {
    return run("pose-eval", "--gt", g.toString(), "--results", r.toString(), "--output", dir.resolve("m.json").toString());
  }

  Path file(String name, String content) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, content);
    return p;
  }

  @Test
  void writesTheTenStatisticsInCocoevalOrder() throws Exception {
    Path out = dir.resolve("out/metrics.json");
    Run r = run("pose-eval", "--gt", gt.toString(), "--results", results.toString(), "--output", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode m = new ObjectMapper().readTree(out.toFile());
    List<String> keys = new ArrayList<>();
    m.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactly("AP", "AP50", "AP75", "APm", "APl", "AR", "AR50", "AR75", "ARm", "ARl");
    // Both people found first; the stray detection ranks last: AP and AR are 1 (up to COCOeval's ε).
    assertThat(m.get("AP").asDouble()).isCloseTo(1.0, within(1e-12));
    assertThat(m.get("AR").asDouble()).isEqualTo(1.0);
    assertThat(m.get("APm").asDouble()).isCloseTo(1.0, within(1e-12)); // the second person (area 7200)
    try (var files = Files.list(out.getParent())) {
      assertThat(files).containsExactly(out);
    }
  }

  @Test
  void missingFilesAreNamed() {
    Run r = eval(dir.resolve("nope.json"), results);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("nope.json: missing file").doesNotContain("\tat ");
    r = eval(gt, dir.resolve("none.json"));
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("none.json: missing file");
  }

  @Test
  void malformedJsonGivesTheLine() throws Exception {
    Run r = eval(file("trunc.json", "{\"images\": [{\"id\": 1},\n"), results);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("trunc.json: malformed or truncated JSON at line");
  }

  @Test
  void groundTruthLayoutErrorsNameTheField() throws Exception {
    Run r = eval(file("nocat.json", "{\"images\": [], \"annotations\": []}"), results);
    assertThat(r.err()).contains("nocat.json: $: missing field 'categories'");
    String noArea = person(1, 1, 100, 50, 120, 300).replace("\"area\"", "\"areax\"");
    r = eval(file("noarea.json", gtJson(noArea)), results);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("noarea.json: annotations[0]: missing field 'area'");
    r = eval(file("dup.json", gtJson(person(7, 1, 1, 1, 50, 90) + ", " + person(7, 2, 1, 1, 50, 90))), results);
    assertThat(r.err()).contains("dup.json: annotations[1].id: annotation id 7 is used twice");
  }

  @Test
  void resultsErrorsNameTheResult() throws Exception {
    Run r = eval(gt, file("obj.json", "{\"image_id\": 1}"));
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("obj.json: expected a JSON array of result objects");
    r = eval(gt, file("short.json", "[" + result(1, keypoints(0, 0, 9, 9, 1).subList(0, 48), "0.5") + "]"));
    assertThat(r.err()).contains("short.json: results[0].keypoints: expected 51 numbers, got 48");
    r = eval(gt, file("nan.json", "[" + result(1, keypoints(0, 0, 9, 9, 1), "NaN") + "]"));
    assertThat(r.err()).contains("nan.json: results[0].score: not a finite number (NaN)");
    r = eval(gt, file("inf.json", "[" + result(1, keypoints(0, 0, 9, 9, 1), "0.5").replaceFirst("\\[0\\.0", "[Infinity") + "]"));
    assertThat(r.err()).contains("inf.json: results[0].keypoints[0]: not a finite number (Infinity)");
    r = eval(gt, file("img.json", "[" + result(1, keypoints(0, 0, 9, 9, 1), "0.5") + ", "
        + result(99, keypoints(0, 0, 9, 9, 1), "0.5") + "]"));
    assertThat(r.err()).contains("img.json: results[1].image_id: image 99 is not in the ground truth");
    r = eval(gt, file("str.json", "[" + result(1, keypoints(0, 0, 9, 9, 1), "0.5").replace("\"image_id\": 1", "\"image_id\": \"1\"") + "]"));
    assertThat(r.err()).contains("str.json: results[0].image_id: expected an integer id");
    r = eval(gt, file("half.json", "[" + result(1, keypoints(0, 0, 9, 9, 1), "0.5").replace("\"image_id\": 1", "\"image_id\": 1.5") + "]"));
    assertThat(r.err()).contains("half.json: results[0].image_id: expected an integer id, got 1.5");
  }

  @Test
  void idsWrittenAsWholeFloatsAreAcceptedAsPythonDoes() throws Exception {
    Path floats = file("floatids.json", Files.readString(results).replace("\"image_id\": 1,", "\"image_id\": 1.0,")
        .replace("\"category_id\": 1,", "\"category_id\": 1.0,"));
    Path out = dir.resolve("floatids-metrics.json");
    Run r = run("pose-eval", "--gt", gt.toString(), "--results", floats.toString(), "--output", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(new ObjectMapper().readTree(out.toFile()).get("AP").asDouble()).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void missingOptionIsAUsageError() {
    Run r = run("pose-eval", "--gt", gt.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("Missing required options");
  }
}
