package io.solider.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DemoCommandTest {

  @Test
  void demoPretrainsFineTunesAndReportsEveryStage(@TempDir Path dir) throws Exception {
    // every size and rate given here, so that the test stays small whatever the demo's defaults are
    int code = SoliderCli.newCommandLine().execute("demo", "--output", dir.toString(), "--identities", "6",
        "--images-per-identity", "6", "--embed-dim", "8", "--pretrain-epochs", "1", "--reid-epochs", "1",
        "--reid-warmup-epochs", "1", "--reid-batch", "8", "--reid-lr", "0.004", "--reid-triplet-weight", "1",
        "--semantic-weight", "0,1");
    assertThat(code).isZero();
    assertThat(dir.resolve("pretrain/teacher.pth")).exists();
    assertThat(dir.resolve("reid/model.pth")).exists();
    JsonNode m = new ObjectMapper().readTree(dir.resolve("metrics.json").toFile());
    for (String stage : new String[] {"untrained", "pretrained", "fine_tuned"}) {
      assertThat(m.get(stage).get("mAP").asDouble()).as(stage).isBetween(0.0, 1.0);
      assertThat(m.get(stage).get("cmc").size()).as(stage).isPositive();
      assertThat(m.get(stage).get("num_valid_queries").asInt()).as(stage).isPositive();
    }
    JsonNode sweep = m.get("fine_tuned_by_semantic_weight");
    assertThat(sweep.size()).isEqualTo(2);
    assertThat(sweep.get(1).get("semantic_weight").asDouble()).isEqualTo(1.0);
    assertThat(ImageIO.read(dir.resolve("cmc.png").toFile())).isNotNull();
    assertThat(ImageIO.read(dir.resolve("lambda.png").toFile())).isNotNull();
  }

  @Test
  void aSemanticWeightOutsideTheUnitIntervalIsAOneLineError(@TempDir Path dir) {
    CommandLine cl = SoliderCli.newCommandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    int code = cl.execute("demo", "--output", dir.toString(), "--semantic-weight", "0,1.5");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--semantic-weight values must lie in [0, 1], got 1.5");
  }

  @Test
  void noFineTuningEpochsIsAOneLineError(@TempDir Path dir) {
    CommandLine cl = SoliderCli.newCommandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    int code = cl.execute("demo", "--output", dir.toString(), "--reid-epochs", "0");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--pretrain-epochs must be >= 0, --reid-epochs >= 1 and --reid-warmup-epochs in [0, --reid-epochs]");
  }
}
