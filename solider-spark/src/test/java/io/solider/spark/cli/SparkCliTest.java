package io.solider.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.solider.nn.backbone.Backbone;
import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.io.Npy;
import io.solider.spark.LocalSpark;
import io.solider.tasks.reid.metric.ReidDistances;
import io.solider.tasks.reid.metric.ReidEvaluator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SparkCliTest {

  record Run(int code, String err) {}

  static Run run(String... args) {
    LocalSpark.get(); // the command's getOrCreate joins the shared local[2] session
    StringWriter err = new StringWriter();
    int code = SparkCli.newCommandLine().setErr(new PrintWriter(err)).execute(args);
    return new Run(code, err.toString());
  }

  static Path labels(Path file, int n) throws Exception {
    StringBuilder sb = new StringBuilder("pid,camid\n");
    for (int i = 0; i < n; i++) {
      sb.append(i % 7).append(',').append(i % 3).append('\n');
    }
    Files.writeString(file, sb);
    return file;
  }

  @Test
  void reidEvalWritesTheSingleMachineMetricsJson(@TempDir Path dir) throws Exception {
    Nd4j.getRandom().setSeed(11);
    INDArray q = Nd4j.randn(DataType.FLOAT, 30, 16);
    INDArray g = Nd4j.randn(DataType.FLOAT, 60, 16);
    Npy.write(q, dir.resolve("q.npy"));
    Npy.write(g, dir.resolve("g.npy"));
    Run r = run("reid-eval", "--master", "local[2]", "--query", dir.resolve("q.npy").toString(),
        "--query-labels", labels(dir.resolve("q.csv"), 30).toString(), "--gallery", dir.resolve("g.npy").toString(),
        "--gallery-labels", labels(dir.resolve("g.csv"), 60).toString(), "--output", dir.resolve("m.json").toString());
    assertThat(r.code()).as(r.err()).isZero();
    int[] qp = new int[30];
    int[] qc = new int[30];
    int[] gp = new int[60];
    int[] gc = new int[60];
    for (int i = 0; i < 60; i++) {
      if (i < 30) {
        qp[i] = i % 7;
        qc[i] = i % 3;
      }
      gp[i] = i % 7;
      gc[i] = i % 3;
    }
    double[][] d = ReidDistances.squaredEuclidean(ReidDistances.normalise(q), ReidDistances.normalise(g));
    ObjectMapper json = new ObjectMapper();
    assertThat(json.readTree(dir.resolve("m.json").toFile()))
        .isEqualTo(json.valueToTree(new ReidEvaluator(50).evaluateDistances(d, qp, qc, gp, gc).toJson()));
  }

  @Test
  void badOptionsAreOneLineUsageErrors(@TempDir Path dir) throws Exception {
    Npy.write(Nd4j.rand(DataType.FLOAT, 3, 4), dir.resolve("q.npy"));
    Run r = run("reid-eval", "--query", dir.resolve("q.npy").toString(), "--gallery", dir.resolve("q.npy").toString(),
        "--output", dir.resolve("m.json").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("error: --query-labels is required with the .npy features " + dir.resolve("q.npy"));
    r = run("extract", "--checkpoint", "x.pth", "--input", dir.toString(), "--output", dir.resolve("o").toString(),
        "--size", "256by128");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--size must be HxW");
    r = run("extract", "--checkpoint", "x.pth", "--input", dir.toString(), "--output", dir.resolve("o").toString(),
        "--input-format", "tar");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("error: --input-format must be files or binaryFile, got 'tar'");
    r = run("reid-eval", "--query", dir.resolve("q.npy").toString(), "--gallery", dir.resolve("q.npy").toString(),
        "--query-labels", "q.csv", "--gallery-labels", "g.csv", "--output", "m.json", "--gallery-block-rows", "-1");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("error: --gallery-block-rows must be >= 0 (0: automatic), got -1");
  }

  @Test
  void initCheckpointWritesARandomBackboneOfTheAskedArchitecture(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("tiny.pth");
    Run r = run("init-checkpoint", "--arch", "custom", "--embed-dim", "16", "--depths", "1,1,2,1", "--heads", "1,2,2,4",
        "--output", file.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Backbone.architectureOf(file).dims())
        .isEqualTo(SwinConfig.of(16, List.of(1, 1, 2, 1), List.of(1, 2, 2, 4)).dims());
    r = run("init-checkpoint", "--arch", "huge", "--output", file.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("unknown architecture 'huge'");
  }
}
