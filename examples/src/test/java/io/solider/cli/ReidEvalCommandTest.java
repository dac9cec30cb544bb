package io.solider.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.solider.nn.io.Npy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

/** {@code solider reid-eval}: feature and label files in, metrics JSON out, one-line reasons for bad input. */
class ReidEvalCommandTest {

  @TempDir static Path dir;
  static Path q;
  static Path g;
  static Path ql;
  static Path gl;

  record Run(int code, String err) {}

  @BeforeAll
  static void writeInputs() throws Exception {
    // Query 0 (pid 1, cam 1): nearest gallery items are pid 1 cam 1 (removed), distractor pid 0, then pid 1 cam 2.
    // Query 1 (pid 2, cam 1): pid 2 only in cam 1 → skipped.
    q = dir.resolve("q.npy");
    g = dir.resolve("g.npy");
    Npy.write(Nd4j.createFromArray(new float[][] {{1, 0}, {0, 1}}), q);
    Npy.write(Nd4j.createFromArray(new float[][] {{1, 0}, {1, 0.1f}, {1, 0.3f}, {0, 1}, {-1, 0}}), g);
    ql = dir.resolve("q.csv");
    gl = dir.resolve("g.csv");
    Files.writeString(ql, "pid,camid\n1,1\n2,1\n");
    Files.writeString(gl, "pid,camid\n1,1\n0,2\n1,2\n2,1\n3,3\n");
  }

  static Run run(String... args) {
    var cl = SoliderCli.newCommandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    return new Run(cl.execute(args), err.toString());
  }

  @Test
  void writesMetricsJsonWithTheProtocolsExclusions() throws Exception {
    Path out = dir.resolve("m/metrics.json");
    Run r = run("reid-eval", "--query", q.toString(), "--query-labels", ql.toString(), "--gallery", g.toString(),
        "--gallery-labels", gl.toString(), "--output", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode m = new ObjectMapper().readTree(out.toFile());
    assertThat(m.get("num_valid_queries").asInt()).isEqualTo(1);
    assertThat(m.get("mAP").asDouble()).isCloseTo(0.5, within(1e-12));
    assertThat(m.get("rank1").asDouble()).isEqualTo(0.0);
    assertThat(m.get("rank5").asDouble()).isEqualTo(1.0);
    assertThat(m.get("rank10").asDouble()).isEqualTo(1.0);
    assertThat(m.get("cmc")).hasSize(5); // capped at the gallery size, as the release does
    assertThat(m.get("cmc").get(1).asDouble()).isEqualTo(1.0);
    try (var files = Files.list(out.getParent())) {
      assertThat(files).containsExactly(out);
    }
  }

  @Test
  void rerankGivesTheReleasesNumbers() throws Exception {
    // The re-ranking fixture of solider-tasks (make_rerank_reference.py, a NumPy port of the
    // release's re_ranking + eval_func): 7 queries, 30 gallery items.
    Path ref = Path.of("../solider-tasks/src/test/resources/reid");
    Path out = dir.resolve("rr.json");
    Run r = run("reid-eval", "--query", ref.resolve("rerank_q.npy").toString(), "--query-labels",
        ref.resolve("rerank_q.csv").toString(), "--gallery", ref.resolve("rerank_g.npy").toString(),
        "--gallery-labels", ref.resolve("rerank_g.csv").toString(), "--rerank", "--output", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode want = new ObjectMapper().readTree(ref.resolve("rerank_expected.json").toFile()).get("rerank");
    JsonNode m = new ObjectMapper().readTree(out.toFile());
    assertThat(m.get("num_valid_queries").asInt()).isEqualTo(want.get("num_valid_queries").asInt());
    // float32 distances on both sides; measured difference 0.
    assertThat(m.get("mAP").asDouble()).isCloseTo(want.get("mAP").asDouble(), within(1e-9));
    for (int k = 0; k < want.get("cmc").size(); k++) {
      assertThat(m.get("cmc").get(k).asDouble()).as("cmc[%d]", k).isCloseTo(want.get("cmc").get(k).asDouble(),
          within(1e-7));
    }
    JsonNode plain = new ObjectMapper().readTree(ref.resolve("rerank_expected.json").toFile()).get("plain");
    assertThat(m.get("mAP").asDouble()).isNotCloseTo(plain.get("mAP").asDouble(), within(1e-3));
  }

  @Test
  void badCsvRowIsReportedWithFileAndLine() throws Exception {
    Path bad = dir.resolve("bad.csv");
    Files.writeString(bad, "pid,camid\n1,1\n2;1\n");
    Run r = run("reid-eval", "--query", q.toString(), "--query-labels", bad.toString(), "--gallery", g.toString(),
        "--gallery-labels", gl.toString(), "--output", dir.resolve("x.json").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("bad.csv").contains("line 3").doesNotContain("\tat ");
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(dir.resolve("x.json")).doesNotExist();
  }

  @Test
  void labelCountMustEqualFeatureCount() throws Exception {
    Path three = dir.resolve("three.csv");
    Files.writeString(three, "pid,camid\n1,1\n2,1\n3,1\n");
    Run r = run("reid-eval", "--query", q.toString(), "--query-labels", three.toString(), "--gallery", g.toString(),
        "--gallery-labels", gl.toString(), "--output", dir.resolve("y.json").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("3 label rows").contains("2 feature rows");
  }
}
