package io.solider.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.checkpoint.TorchCheckpointWriter;
import io.solider.tasks.pose.train.PoseTrainConfig;
import io.solider.tasks.synth.SynthConfig;
import io.solider.tasks.synth.SyntheticGenerator;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine;

/** pose-train, pose-test and pose-predict end to end on the tiny synthetic COCO set, and their bad inputs. */
class PoseCommandsTest {

  @TempDir static Path dir;
  static Path coco;
  static Path model;

  record Run(int code, String err) {}

  static Run run(String... args) {
    CommandLine cl = SoliderCli.newCommandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    return new Run(cl.execute(args), err.toString());
  }

  @BeforeAll
  static void trainTinyModel() throws Exception {
    new SyntheticGenerator(SynthConfig.tiny(3)).generate(dir.resolve("synth"));
    coco = dir.resolve("synth/coco");
    Path out = dir.resolve("run");
    Run r = run("pose-train", "--data", coco.toString(), "--output", out.toString(), "--arch", "custom",
        "--embed-dim", "8", "--depths", "1,1,1,1", "--heads", "1,1,2,2", "--window", "4", "--size", "64x48",
        "--batch-size", "4", "--epochs", "1", "--lr-steps", "1", "--warmup-iterations", "2", "--workers", "1");
    assertThat(r.code()).as(r.err()).isZero();
    model = out.resolve("model.pth");
  }

  @Test
  void trainWritesTheRunFiles() throws Exception {
    for (String f : List.of("model.pth", "checkpoint.pth", "log.jsonl", "metrics.json", "run.json")) {
      assertThat(dir.resolve("run").resolve(f)).exists();
    }
    JsonNode m = new ObjectMapper().readTree(dir.resolve("run/metrics.json").toFile());
    assertThat(m.get("AP").asDouble()).isBetween(0.0, 1.0);
  }

  @Test
  void testSweepsLambdaAndWritesMetricsChartResultsAndOverlays() throws Exception {
    Path out = dir.resolve("test");
    Run r = run("pose-test", "--checkpoint", model.toString(), "--data", coco.toString(), "--output",
        out.toString(), "--size", "64x48", "--semantic-weight", "0.8,0.2", "--overlays", "1");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode m = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
    assertThat(m.get("AP").asDouble()).isBetween(0.0, 1.0);
    assertThat(m.toString()).contains("\"by_semantic_weight\"", "\"AR75\"", "\"boxes\":\"gt\"");
    assertThat(out.resolve("lambda.png")).exists();
    JsonNode results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
    assertThat(results.size()).isPositive();
    assertThat(results.get(0).get("keypoints").size()).isEqualTo(51);
    try (var s = Files.list(out.resolve("overlays"))) {
      assertThat(s.count()).isEqualTo(1);
    }
    // the results file is the pose-eval input format
    Run e = run("pose-eval", "--gt", coco.resolve("annotations/person_keypoints_val2017.json").toString(),
        "--results", out.resolve("results.json").toString(), "--output", dir.resolve("eval.json").toString());
    assertThat(e.code()).as(e.err()).isZero();
  }

  @Test
  void predictWritesCocoResultsAndOverlaysForAFolder() throws Exception {
    Path out = dir.resolve("predict");
    Run r = run("pose-predict", "--checkpoint", model.toString(), "--input", coco.resolve("val2017").toString(),
        "--output", out.toString(), "--size", "64x48");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
    long images;
    try (var s = Files.list(coco.resolve("val2017"))) {
      images = s.count();
    }
    assertThat(results.size()).isEqualTo((int) images);
    assertThat(results.get(0).get("category_id").asInt()).isEqualTo(1);
    assertThat(new ObjectMapper().readTree(out.resolve("images.json").toFile()).size()).isEqualTo((int) images);
    try (var s = Files.list(out.resolve("overlays"))) {
      assertThat(s.count()).isEqualTo(images);
    }
  }

  @Test
  void optionDefaultsAreTheReleaseRecipe() {
    PoseTrainConfig release = PoseTrainConfig.release(SwinConfig.tiny());
    for (String command : List.of("pose-train", "pose-test", "pose-predict")) {
      var spec = SoliderCli.newCommandLine().getSubcommands().get(command).getCommandSpec();
      java.util.function.Function<String, String> def = name -> {
        var o = spec.findOption(name);
        return String.valueOf(o.defaultValue() != null ? o.defaultValue() : o.initialValue());
      };
      assertThat(def.apply("--size")).as(command).isEqualTo(release.input().toString());
      assertThat(def.apply("--semantic-weight")).as(command).matches("\\[?0\\.8]?");
      assertThat(Boolean.parseBoolean(def.apply("--flip-test"))).as(command).isEqualTo(release.test().flipTest());
    }
    var train = SoliderCli.newCommandLine().getSubcommands().get("pose-train").getCommandSpec();
    assertThat(Integer.parseInt(train.findOption("--warmup-iterations").defaultValue()))
        .isEqualTo(release.schedule().warmupIterations());
    assertThat(Long.parseLong(String.valueOf(train.findOption("--seed").initialValue()))).isEqualTo(release.seed());
    assertThat(Integer.parseInt(train.findOption("--sigma").defaultValue())).isEqualTo(release.augmentation().sigma());
    // per-size values (lr, decay, batch, epochs, steps) are chosen after the backbone is known
    for (String o : List.of("--lr", "--weight-decay", "--batch-size", "--epochs", "--lr-steps")) {
      assertThat(train.findOption(o).defaultValue()).as(o).isNull();
    }
    var test = SoliderCli.newCommandLine().getSubcommands().get("pose-test").getCommandSpec();
    assertThat(Double.parseDouble(test.findOption("--vis-threshold").defaultValue()))
        .isEqualTo(release.test().visThreshold());
    assertThat(Double.parseDouble(test.findOption("--oks-threshold").defaultValue()))
        .isEqualTo(release.test().oksThreshold());
  }

  @Test
  void aSigmaBelowOneIsAOneLineUsageError() {
    Run r = run("pose-train", "--data", coco.toString(), "--output", dir.resolve("sigma0").toString(), "--sigma", "0");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("sigma must be >= 1, got 0").hasLineCount(1);
    assertThat(dir.resolve("sigma0")).doesNotExist();
  }

  @Test
  void missingAnnotationsAreAOneLineError() throws Exception {
    Files.createDirectories(dir.resolve("empty/train2017"));
    Run r = run("pose-train", "--data", dir.resolve("empty").toString(), "--output", dir.resolve("o1").toString(),
        "--arch", "custom", "--embed-dim", "8", "--depths", "1,1,1,1", "--heads", "1,1,2,2", "--window", "4");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("person_keypoints_train2017.json").hasLineCount(1);
  }

  @Test
  void malformedAnnotationsAreAOneLineError() throws Exception {
    Path bad = dir.resolve("bad");
    Files.createDirectories(bad.resolve("annotations"));
    Files.createDirectories(bad.resolve("val2017"));
    Files.writeString(bad.resolve("annotations/person_keypoints_val2017.json"), "{\"images\": [");
    Run r = run("pose-test", "--checkpoint", model.toString(), "--data", bad.toString(), "--output",
        dir.resolve("o2").toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("person_keypoints_val2017.json").hasLineCount(1);
  }

  @Test
  void anotherTasksCheckpointIsAOneLineError() throws Exception {
    Path reid = dir.resolve("reid.pth");
    TorchCheckpointWriter.write(Map.of("base.norm3.weight", Nd4j.ones(4), "classifier.weight", Nd4j.ones(2, 4)), reid);
    Run r = run("pose-test", "--checkpoint", reid.toString(), "--data", coco.toString(), "--output",
        dir.resolve("o3").toString());
    assertThat(r.code()).isNotZero();
    assertThat(r.err()).contains("not a pose model").hasLineCount(1);
  }

  @Test
  void anEmptySplitIsAOneLineError() throws Exception {
    Path empty = dir.resolve("emptysplit");
    Files.createDirectories(empty.resolve("annotations"));
    Files.createDirectories(empty.resolve("val2017"));
    Files.writeString(empty.resolve("annotations/person_keypoints_val2017.json"),
        "{\"images\": [], \"annotations\": [], \"categories\": [{\"id\": 1, \"name\": \"person\"}]}");
    Run r = run("pose-test", "--checkpoint", model.toString(), "--data", empty.toString(), "--output",
        dir.resolve("o4").toString());
    assertThat(r.code()).isNotZero();
    assertThat(r.err()).contains("nothing to test").hasLineCount(1);
  }

  @Test
  void anImageOfAnotherSizeThanAnnotatedIsAOneLineError() throws Exception {
    Path copy = dir.resolve("resized");
    Files.createDirectories(copy.resolve("annotations"));
    Files.copy(coco.resolve("annotations/person_keypoints_val2017.json"),
        copy.resolve("annotations/person_keypoints_val2017.json"));
    Files.createDirectories(copy.resolve("val2017"));
    try (var s = Files.list(coco.resolve("val2017"))) {
      for (Path p : s.toList()) {
        ImageIO.write(new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB), "jpg",
            copy.resolve("val2017").resolve(p.getFileName()).toFile());
      }
    }
    Run r = run("pose-test", "--checkpoint", model.toString(), "--data", copy.toString(), "--output",
        dir.resolve("o5").toString(), "--size", "64x48");
    assertThat(r.code()).isNotZero();
    assertThat(r.err()).contains("image is 40×30 but").hasLineCount(1);
  }
}
