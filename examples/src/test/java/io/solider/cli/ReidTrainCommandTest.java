package io.solider.cli;

import io.solider.nn.backbone.SwinConfig;
import io.solider.tasks.reid.train.ReidTrainConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.solider.tasks.synth.SynthConfig;
import io.solider.tasks.synth.SyntheticGenerator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The reid-train command end to end (with the training UI) on the tiny synthetic Market-1501 set. */
class ReidTrainCommandTest {

  @Test
  void trainsEvaluatesAndFeedsTheUi(@TempDir Path dir) throws Exception {
    new SyntheticGenerator(SynthConfig.tiny(3)).generate(dir.resolve("synth"));
    Path out = dir.resolve("run");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    CommandLine cl = SoliderCli.newCommandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    HttpClient http = HttpClient.newHttpClient();
    String[] overview = new String[1];
    // The UI server stops when the command ends: read it from the monitor thread while training runs.
    Thread poll = new Thread(() -> {
      for (int i = 0; i < 600 && overview[0] == null; i++) {
        try {
          Thread.sleep(200);
          String body = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
              + "/train/overview/data")).build(), HttpResponse.BodyHandlers.ofString()).body();
          if (body.contains("triplet loss")) {
            overview[0] = body;
          }
        } catch (Exception e) {
          // server not up yet
        }
      }
    });
    poll.setDaemon(true);
    poll.start();
    int code = cl.execute("reid-train", "--data", dir.resolve("synth/market1501").toString(), "--output",
        out.toString(), "--arch", "custom", "--embed-dim", "8", "--depths", "1,1,1,1", "--heads", "1,1,2,2",
        "--window", "4", "--size", "64x32", "--identities-per-batch", "3", "--images-per-identity",
        "4", "--epochs", "2", "--warmup-epochs", "1", "--workers", "1", "--ui", "--ui-port", Integer.toString(port));
    assertThat(code).as(err.toString()).isZero();
    poll.join(1000);
    for (String f : List.of("model.pth", "checkpoint.pth", "log.jsonl", "metrics.json")) {
      assertThat(out.resolve(f)).exists();
    }
    JsonNode m = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
    assertThat(m.get("mAP").asDouble()).isBetween(0.0, 1.0);
    assertThat(m.get("epoch").asInt()).isEqualTo(2);
    assertThat(overview[0]).as("UI overview during training").isNotNull()
        .contains("id loss (CE)", "triplet loss", "accuracy", "learning rate x1000");
  }

  @Test
  void optionDefaultsAreTheReleaseRecipe() {
    var spec = SoliderCli.newCommandLine().getSubcommands().get("reid-train").getCommandSpec();
    ReidTrainConfig release = ReidTrainConfig.release(SwinConfig.tiny());
    java.util.function.Function<String, String> def = name -> {
      var o = spec.findOption(name);
      return String.valueOf(o.defaultValue() != null ? o.defaultValue() : o.initialValue());
    };
    assertThat(Double.parseDouble(def.apply("--semantic-weight"))).isEqualTo(release.model().semanticWeight());
    assertThat(def.apply("--size")).isEqualTo(release.input().toString());
    assertThat(Integer.parseInt(def.apply("--epochs"))).isEqualTo(release.schedule().epochs());
    assertThat(Integer.parseInt(def.apply("--warmup-epochs"))).isEqualTo(release.schedule().warmupEpochs());
    assertThat(Integer.parseInt(def.apply("--identities-per-batch"))).isEqualTo(release.batch().identities());
    assertThat(Integer.parseInt(def.apply("--images-per-identity"))).isEqualTo(release.batch().imagesPerIdentity());
    assertThat(Double.parseDouble(def.apply("--weight-decay"))).isEqualTo(release.optimizer().weightDecay());
    assertThat(Double.parseDouble(def.apply("--label-smoothing"))).isEqualTo(release.loss().labelSmoothing());
    assertThat(Double.parseDouble(def.apply("--drop-path"))).isEqualTo(0.1);
    assertThat(Long.parseLong(def.apply("--seed"))).isEqualTo(release.seed());
    assertThat(spec.findOption("--lr").defaultValue()).isNull(); // run.sh's per-size rate, chosen after loading
  }

  @Test
  void aFolderOfNeitherLayoutIsAOneLineError(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("empty"));
    CommandLine cl = SoliderCli.newCommandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    int code = cl.execute("reid-train", "--data", dir.resolve("empty").toString(), "--output",
        dir.resolve("o").toString());
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("not a re-id data folder");
  }
}
