package io.solider.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {

  @Test
  void demoRunsThePipelineAndWritesMetricsPerLambda(@TempDir Path dir) throws Exception {
    int code = SoliderCli.newCommandLine().execute("demo", "--output", dir.toString(), "--identities", "6",
        "--size", "64x32", "--semantic-weights", "0,1");
    assertThat(code).isZero();
    assertThat(Files.exists(dir.resolve("backbone_random.pth"))).isTrue();
    JsonNode m = new ObjectMapper().readTree(dir.resolve("metrics.json").toFile());
    for (String l : new String[] {"0.0", "1.0"}) {
      JsonNode r = m.get("by_semantic_weight").get(l);
      assertThat(r.get("mAP").asDouble()).isBetween(0.0, 1.0);
      assertThat(r.get("num_valid_queries").asInt()).isPositive();
    }
    assertThat(dir.resolve("features/lambda_0.0/query/pooled.npy")).exists();
  }
}
