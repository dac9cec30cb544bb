package io.solider.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.solider.nn.io.Npy;
import io.solider.tasks.synth.SynthConfig;
import io.solider.tasks.synth.SyntheticGenerator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code solider search-protocol} then {@code solider search-eval}, end to end on a synthetic set:
 * the ground truth as detections with identity features finds every person.
 */
class SearchProtocolCommandTest {

  @TempDir static Path dir;
  static final ObjectMapper JSON = new ObjectMapper();

  record Run(int code, String err) {}

  @BeforeAll
  static void synth() throws Exception {
    SynthConfig t = SynthConfig.tiny(7);
    new SyntheticGenerator(new SynthConfig(t.seed(), t.identities(), t.cameras(), t.imagesPerIdentity(), t.distractors(),
        t.junk(), t.attributeImages(), t.poseImages(), t.parsingImages(), t.detectionImages(), 110, t.unlabeledImages(),
        t.cropHeight(), t.cropWidth())).generate(dir.resolve("synth"));
  }

  static Run run(String... args) {
    var cl = SoliderCli.newCommandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    return new Run(cl.execute(args), err.toString());
  }

  @Test
  void protocolFilesEvaluateEndToEnd() throws Exception {
    for (String set : List.of("cuhk_sysu", "prw")) {
      Path out = dir.resolve("x_" + set);
      Run r = run("search-protocol", "--data", dir.resolve("synth/" + set).toString(), "--gallery-size", "50",
          "--output", out.toString());
      assertThat(r.code()).as(r.err()).isZero();
      writeGroundTruthDetections(out);
      Path metrics = out.resolve("metrics.json");
      r = run("search-eval", "--gallery", out.resolve("gallery.json").toString(), "--detections",
          out.resolve("detections.json").toString(), "--det-features", out.resolve("det.npy").toString(), "--queries",
          out.resolve("queries.json").toString(), "--query-features", out.resolve("q.npy").toString(), "--protocol",
          set.equals("prw") ? "prw" : "cuhk", "--output", metrics.toString());
      assertThat(r.code()).as(r.err()).isZero();
      JsonNode m = JSON.readTree(metrics.toFile());
      assertThat(m.get("mAP").asDouble()).as(set).isEqualTo(1.0);
      assertThat(m.get("top1").asDouble()).as(set).isEqualTo(1.0);
      assertThat(m.get("detection").get("recall").asDouble()).isEqualTo(1.0);
    }
  }

  /** Every ground-truth box as a detection of score 1; feature = one-hot of its pid (unlabelled: zero). */
  static void writeGroundTruthDetections(Path d) throws Exception {
    JsonNode gallery = JSON.readTree(d.resolve("gallery.json").toFile()).get("images");
    JsonNode queries = JSON.readTree(d.resolve("queries.json").toFile()).get("queries");
    int dim = 0;
    for (JsonNode img : gallery) {
      for (JsonNode p : img.get("pids")) {
        dim = p.asInt() == 5555 ? dim : Math.max(dim, p.asInt() + 1);
      }
    }
    List<Object> dets = new ArrayList<>();
    List<float[]> rows = new ArrayList<>();
    for (JsonNode img : gallery) {
      List<Double> scores = new ArrayList<>();
      for (JsonNode p : img.get("pids")) {
        float[] v = new float[dim];
        if (p.asInt() != 5555) {
          v[p.asInt()] = 1;
        }
        rows.add(v);
        scores.add(1.0);
      }
      dets.add(Map.of("boxes_xyxy", img.get("boxes_xyxy"), "scores", scores, "feature_row_offset",
          rows.size() - scores.size(), "count", scores.size()));
    }
    Files.writeString(d.resolve("detections.json"), JSON.writeValueAsString(Map.of("images", dets)));
    Npy.write(Nd4j.createFromArray(rows.toArray(new float[0][])), d.resolve("det.npy"));
    float[][] q = new float[queries.size()][dim];
    for (int i = 0; i < q.length; i++) {
      q[i][queries.get(i).get("pid").asInt()] = 1;
    }
    Npy.write(Nd4j.createFromArray(q), d.resolve("q.npy"));
  }

  @Test
  void missingProtocolNamesTheOnesThereAre() {
    Run r = run("search-protocol", "--data", dir.resolve("synth/cuhk_sysu").toString(), "--output",
        dir.resolve("never").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).doesNotContain("\n").contains("no TestG100.mat").contains("TestG50.mat");
  }

  @Test
  void unknownFolderLayout() {
    Run r = run("search-protocol", "--data", dir.toString(), "--output", dir.resolve("never").toString());
    assertThat(r.code()).isNotZero();
    assertThat(r.err().strip()).doesNotContain("\n").contains("neither a CUHK-SYSU folder");
  }
}
