package io.solider.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.train.Position;
import io.solider.nn.train.TrainingCheckpoint;
import io.solider.tasks.attribute.train.AttributeTrainConfig;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The attr-train command end to end (with the training UI) on the tiny synthetic PA-100K set, and its bad inputs. */
class AttrTrainCommandTest {

  @TempDir static Path dir;
  static Path pa100k;

  /** A tiny backbone at 64×32, batch 4: seconds per epoch. */
  static final List<String> TINY = List.of("--arch", "custom", "--embed-dim", "8", "--depths", "1,1,1,1", "--heads",
      "1,1,2,2", "--window", "4", "--size", "64x32", "--batch-size", "4", "--workers", "1");

  @BeforeAll
  static void data() throws Exception {
    new SyntheticGenerator(SynthConfig.tiny(3)).generate(dir.resolve("synth"));
    pa100k = dir.resolve("synth/pa100k");
  }

  record Run(int code, String err) {}

  static Run run(String... args) {
    CommandLine cl = SoliderCli.newCommandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, err.toString());
  }

  static String[] train(Path data, Path out, String... more) {
    List<String> a = new ArrayList<>(List.of("attr-train", "--data", data.toString(), "--output", out.toString()));
    List<String> given = List.of(more);
    for (int i = 0; i < TINY.size(); i++) { // an option given in more replaces TINY's (picocli refuses it twice)
      boolean valued = i + 1 < TINY.size() && !TINY.get(i + 1).startsWith("--");
      if (!given.contains(TINY.get(i))) {
        a.add(TINY.get(i));
        if (valued) {
          a.add(TINY.get(i + 1));
        }
      }
      if (valued) {
        i++;
      }
    }
    a.addAll(given);
    return a.toArray(String[]::new);
  }

  @Test
  void trainsEvaluatesAndFeedsTheUi() throws Exception {
    Path out = dir.resolve("run");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    HttpClient http = HttpClient.newHttpClient();
    String[] overview = new String[1];
    // The UI server stops when the command ends: read it from another thread while training runs.
    Thread poll = new Thread(() -> {
      for (int i = 0; i < 600 && overview[0] == null; i++) {
        try {
          Thread.sleep(200);
          String body = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
              + "/train/overview/data")).build(), HttpResponse.BodyHandlers.ofString()).body();
          if (body.contains("batch accuracy")) {
            overview[0] = body;
          }
        } catch (Exception e) {
          // server not up yet
        }
      }
    });
    poll.setDaemon(true);
    poll.start();
    Run r = run(train(pa100k, out, "--epochs", "2", "--lr", "1e-3", "--head-lr", "1e-2", "--eval-before", "--ui",
        "--ui-port", Integer.toString(port)));
    assertThat(r.code()).as(r.err()).isZero();
    poll.join(1000);
    for (String f : List.of("model.pth", "model_best.pth", "attributes.txt", "checkpoint.pth", "log.jsonl",
        "metrics.json", "metrics_initial.json", "run.json")) {
      assertThat(out.resolve(f)).exists();
    }
    JsonNode m = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
    assertThat(m.get("mA").asDouble()).isBetween(0.0, 1.0);
    assertThat(m.get("epoch").asInt()).isEqualTo(2);
    assertThat(overview[0]).as("UI overview during training").isNotNull()
        .contains("batch accuracy", "learning rate x1e5 (head)");
  }

  @Test
  void optionDefaultsAreTheReleaseRecipe() {
    var spec = SoliderCli.newCommandLine().getSubcommands().get("attr-train").getCommandSpec();
    AttributeTrainConfig release = AttributeTrainConfig.release(SwinConfig.tiny());
    Function<String, String> def = name -> {
      var o = spec.findOption(name);
      return String.valueOf(o.defaultValue() != null ? o.defaultValue() : o.initialValue());
    };
    assertThat(Double.parseDouble(def.apply("--semantic-weight"))).isEqualTo(release.model().semanticWeight());
    assertThat(Double.parseDouble(def.apply("--drop-path"))).isEqualTo(release.model().arch().dropPathRate());
    assertThat(def.apply("--size")).isEqualTo(release.input().toString());
    assertThat(Integer.parseInt(def.apply("--batch-size"))).isEqualTo(release.batchSize());
    assertThat(Integer.parseInt(def.apply("--epochs"))).isEqualTo(release.schedule().epochs());
    assertThat(Double.parseDouble(def.apply("--lr"))).isEqualTo(release.optimizer().backboneLr());
    assertThat(Double.parseDouble(def.apply("--head-lr"))).isEqualTo(release.optimizer().headLr());
    assertThat(Double.parseDouble(def.apply("--weight-decay"))).isEqualTo(release.optimizer().weightDecay());
    assertThat(Double.parseDouble(def.apply("--clip-grad"))).isEqualTo(release.optimizer().clipNorm());
    assertThat(def.apply("--schedule")).isEqualToIgnoringCase(release.schedule().kind().name());
    assertThat(Double.parseDouble(def.apply("--lr-factor"))).isEqualTo(release.schedule().factor());
    assertThat(Integer.parseInt(def.apply("--patience"))).isEqualTo(release.schedule().patience());
    assertThat(def.apply("--milestones")).isEqualTo("10,15");
    assertThat(release.schedule().milestones()).containsExactly(10, 15);
    assertThat(Long.parseLong(def.apply("--seed"))).isEqualTo(release.seed());
    // --padding auto is the release's 10 at its sizes (PA-100K 256x128, PETA 256x192) and scales with the height:
    // the CPU preset's 64x32 with an unscaled 10 kept every model at chance (docs/ATTRIBUTES.md).
    assertThat(AttrTrainCommand.padding(def.apply("--padding"), release.input().height()))
        .isEqualTo(release.augmentation().padding()).isEqualTo(10);
    assertThat(AttrTrainCommand.padding("auto", AttributeTrainConfig.releasePeta(SwinConfig.tiny()).input().height()))
        .isEqualTo(AttributeTrainConfig.releasePeta(SwinConfig.tiny()).augmentation().padding());
    assertThat(AttrTrainCommand.padding("auto", 64)).isEqualTo(3);
    assertThat(AttrTrainCommand.padding("auto", 128)).isEqualTo(5);
    assertThat(AttrTrainCommand.padding("7", 64)).isEqualTo(7);
    assertThat(AttrTrainCommand.padding("0", 64)).isZero();
    assertThatThrownBy(() -> AttrTrainCommand.padding("-1", 64)).hasMessageContaining("--padding");
    assertThatThrownBy(() -> AttrTrainCommand.padding("ten", 64)).hasMessageContaining("--padding");
    assertThat(spec.findOption("--freeze-backbone").defaultValue()).isNull(); // the release trains the backbone
    assertThat(release.model().trainBackbone()).isTrue();
  }

  @Test
  void badInputsAreOneLineErrors() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertOneLine(run(train(dir.resolve("missing"), dir.resolve("o1"))), 1, "missing folder");
    assertOneLine(run(train(empty, dir.resolve("o2"))), 1, "neither annotation.mat (PA-100K) nor train.csv");

    Path csv = Files.createDirectories(dir.resolve("csv"));
    List<String> lines = Files.readAllLines(pa100k.resolve("train.csv"));
    Files.write(csv.resolve("train.csv"), lines);
    Files.write(csv.resolve("test.csv"), lines.subList(0, 1)); // header only: an empty test split
    Files.createDirectories(csv.resolve("data"));
    for (Path p : Files.newDirectoryStream(pa100k.resolve("data"))) {
      Files.copy(p, csv.resolve("data").resolve(p.getFileName()));
    }
    assertOneLine(run(train(csv, dir.resolve("o3"))), 2, "the test split 0");

    Path bad = Files.createDirectories(dir.resolve("bad"));
    Files.write(bad.resolve("train.csv"), List.of(lines.get(0), lines.get(1).replaceFirst(",0,", ",2,")));
    Files.write(bad.resolve("test.csv"), lines.subList(0, 2));
    assertOneLine(run(train(bad, dir.resolve("o4"))), 1, "train.csv:2: attribute");

    assertOneLine(run(train(pa100k, dir.resolve("o5"), "--size", "16x8")), 2,
        "input size 16x8 is smaller than the backbone's stride 32");

    Path other = Files.createDirectories(dir.resolve("other"));
    TrainingCheckpoint.write(other.resolve("checkpoint.pth"), "reid", 2, Position.START, 1, "{}", Map.of());
    assertOneLine(run(train(pa100k, other, "--resume")), 1, "a reid training checkpoint, not a attribute one");

    Path unreadable = Files.createDirectories(dir.resolve("unreadable"));
    Files.write(unreadable.resolve("train.csv"), lines);
    Files.write(unreadable.resolve("test.csv"), lines.subList(0, 2));
    Files.createDirectories(unreadable.resolve("data"));
    Files.writeString(unreadable.resolve("data").resolve(lines.get(1).split(",")[0]), "not an image");
    assertOneLine(run(train(unreadable, dir.resolve("o6"))), 1, "cannot read training sample");
  }

  static void assertOneLine(Run r, int code, String message) {
    assertThat(r.code()).as(r.err()).isEqualTo(code);
    assertThat(r.err()).contains(message);
    assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
  }
}
