package io.solider.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code solider det-eval}: ground truth and results in, miss rates out, as the release's
 * evaluation computed them for the same files (detection/eval_*.json, written by
 * solider-tasks/src/test/resources/detection/make_mr_reference.py); one-line reasons for bad input.
 */
class DetEvalCommandTest {

  private static final List<String> KEYS = List.of("Reasonable", "Reasonable_small", "Reasonable_occ=heavy", "All");

  @TempDir static Path dir;
  static Path gt;
  static Path dets;
  static JsonNode expected;

  record Run(int code, String err) {}

  @BeforeAll
  static void copyInputs() throws Exception {
    gt = copy("eval_gt.json");
    dets = copy("eval_dets.json");
    expected = new ObjectMapper().readTree(Files.readString(copy("eval_expected.json")));
  }

  private static Path copy(String name) throws Exception {
    Path p = dir.resolve(name);
    try (InputStream in = DetEvalCommandTest.class.getResourceAsStream("/detection/" + name)) {
      Files.copy(in, p);
    }
    return p;
  }

  static Run run(String... args) {
    var cl = SoliderCli.newCommandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    return new Run(cl.execute(args), err.toString());
  }

  @Test
  void writesTheReleasesMissRatesAsFractions() throws Exception {
    Path out = dir.resolve("m/metrics.json");
    Run r = run("det-eval", "--gt", gt.toString(), "--dets", dets.toString(), "--output", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode m = new ObjectMapper().readTree(out.toFile());
    assertThat(m.fieldNames()).toIterable().containsExactlyElementsOf(KEYS);
    for (int k = 0; k < 4; k++) {
      // numpy's SIMD log/exp vs libm: at most one ulp apart (measured ≤ 1.1e-16).
      assertThat(m.get(KEYS.get(k)).asDouble()).isCloseTo(expected.get("standard").get(k).asDouble(), within(5e-16));
    }
    try (var files = Files.list(out.getParent())) {
      assertThat(files).containsExactly(out);
    }
  }

  @Test
  void ecpSwitchesToTheOtherHeightRanges() throws Exception {
    Path out = dir.resolve("ecp.json");
    Run r = run("det-eval", "--gt", gt.toString(), "--dets", dets.toString(), "--ecp", "--output", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode m = new ObjectMapper().readTree(out.toFile());
    for (int k = 0; k < 4; k++) {
      assertThat(m.get(KEYS.get(k)).asDouble()).isCloseTo(expected.get("ecp").get(k).asDouble(), within(5e-16));
    }
  }

  @Test
  void emptyResultsGiveMissRateOne() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.json"), "[]");
    Path out = dir.resolve("empty-m.json");
    Run r = run("det-eval", "--gt", gt.toString(), "--dets", empty.toString(), "--output", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode m = new ObjectMapper().readTree(out.toFile());
    for (String k : KEYS) {
      assertThat(m.get(k).asDouble()).isEqualTo(1.0);
    }
  }

  private static void fails(String gtText, String detsText, String reason) throws Exception {
    Path g = gtText == null ? gt : Files.writeString(Files.createTempFile(dir, "gt", ".json"), gtText);
    Path d = detsText == null ? dets : Files.writeString(Files.createTempFile(dir, "dets", ".json"), detsText);
    Path out = dir.resolve("never.json");
    Run r = run("det-eval", "--gt", g.toString(), "--dets", d.toString(), "--output", out.toString());
    assertThat(r.code()).as(r.err()).isNotZero();
    assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
    assertThat(r.err()).startsWith("det-eval: error: ").contains(reason);
    assertThat(out).doesNotExist();
  }

  private static final String GT_OK = "{\"images\":[{\"id\":1}],\"categories\":[{\"id\":1}],\"annotations\":"
      + "[{\"id\":1,\"image_id\":1,\"category_id\":1,\"bbox\":[1,2,30,80],\"height\":80,\"vis_ratio\":1,\"ignore\":0}]}";

  @Test
  void missingFilesAreNamed() throws Exception {
    Run r = run("det-eval", "--gt", dir.resolve("nope.json").toString(), "--dets", dets.toString(),
        "--output", dir.resolve("x.json").toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("nope.json").contains("missing file");
    r = run("det-eval", "--gt", gt.toString(), "--dets", dir.resolve("gone.json").toString(),
        "--output", dir.resolve("x.json").toString());
    assertThat(r.err()).contains("gone.json").contains("missing file");
  }

  @Test
  void malformedJsonIsReportedWithItsPosition() throws Exception {
    fails("{\"images\": [", null, "malformed or truncated JSON at line 1");
    fails(GT_OK, "[{\"image_id\": 1, \"score\": NaN}]", "malformed or truncated JSON");
  }

  @Test
  void wrongLayoutsNameTheField() throws Exception {
    fails("[1, 2]", null, "expected a JSON object");
    fails("{\"annotations\": []}", null, "missing field 'images'");
    fails(GT_OK.replace("\"height\":80,", ""), "[]", "annotations[0]: missing field 'height'");
    fails(GT_OK.replace("\"vis_ratio\":1", "\"vis_ratio\":\"high\""), "[]", "annotations[0].vis_ratio: expected a number");
    fails(GT_OK.replace("[1,2,30,80]", "[1,2,30]"), "[]", "annotations[0].bbox: expected 4 numbers, got 3");
    fails(GT_OK.replace("\"ignore\":0", "\"ignore\":\"no\""), "[]", "annotations[0].ignore: expected 0, 1 or a boolean");
    fails(GT_OK, "{\"image_id\": 1}", "expected a JSON array of detections");
    fails(GT_OK, "[{\"image_id\":1,\"category_id\":1,\"bbox\":[1,2,3,4]}]", "[0]: missing field 'score'");
    fails(GT_OK, "[{\"image_id\":1,\"category_id\":1,\"bbox\":[1,2,3,\"4\"],\"score\":0.5}]", "[0].bbox[3]: expected a number");
  }

  @Test
  void nonFiniteNumbersAreRefused() throws Exception {
    fails(GT_OK, "[{\"image_id\":1,\"category_id\":1,\"bbox\":[1,2,3,4],\"score\":1e400}]", "[0].score: not a finite number");
    fails(GT_OK.replace("[1,2,30,80]", "[1,2,30,-1e999]"), "[]", "annotations[0].bbox[3]: not a finite number");
  }

  @Test
  void resultsOfUnknownImagesAreRefused() throws Exception {
    fails(GT_OK, "[{\"image_id\":7,\"category_id\":1,\"bbox\":[1,2,3,4],\"score\":0.5}]",
        "[0].image_id: 7 is not an image of the ground truth");
  }
}
