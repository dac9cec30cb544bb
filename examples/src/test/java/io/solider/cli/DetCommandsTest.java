package io.solider.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.checkpoint.TorchCheckpointWriter;
import io.solider.tasks.detection.head.CspModel;
import io.solider.tasks.detection.train.CspTrainConfig;
import io.solider.tasks.synth.SynthConfig;
import io.solider.tasks.synth.SyntheticGenerator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** det-train, det-test and det-predict end to end on the tiny synthetic CityPersons set, and their errors. */
class DetCommandsTest {

  static final List<String> TINY = List.of("--arch", "custom", "--embed-dim", "16", "--depths", "1,1,1,1",
      "--heads", "1,2,2,4", "--window", "4", "--size", "64x128");

  @TempDir static Path dir;
  static Path data;
  static Path run;

  @BeforeAll
  static void generateAndTrain() throws Exception {
    new SyntheticGenerator(SynthConfig.tiny(3)).generate(dir.resolve("synth"));
    data = dir.resolve("synth/citypersons");
    run = dir.resolve("run");
    List<String> args = new ArrayList<>(List.of("det-train", "--data", data.toString(), "--output", run.toString(),
        "--test-size", "64x128", "--neck-channels", "8", "--head-channels", "32", "--batch-size", "2", "--epochs", "1",
        "--lr-steps", "1", "--warmup-iterations", "1", "--workers", "1"));
    args.addAll(TINY);
    Result r = execute(args.toArray(String[]::new));
    assertThat(r.code).as(r.err).isZero();
  }

  record Result(int code, String err) {}

  static Result execute(String... args) {
    CommandLine cl = SoliderCli.newCommandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    return new Result(cl.execute(args), err.toString());
  }

  @Test
  void trainWritesReleaseLayoutModelsAndMetrics() throws Exception {
    for (String f : List.of("model.pth", "model.pth.stu", "checkpoint.pth", "log.jsonl", "metrics.json", "run.json")) {
      assertThat(run.resolve(f)).exists();
    }
    JsonNode m = new ObjectMapper().readTree(run.resolve("metrics.json").toFile());
    assertThat(m.get("epoch").asInt()).isEqualTo(1);
    assertThat(m.has("Reasonable") && m.has("Reasonable_small") && m.has("Reasonable_occ=heavy") && m.has("All")).isTrue();
  }

  @Test
  void testSweepsLambdaAndDrawsOverlays() throws Exception {
    Path out = dir.resolve("test");
    Result r = execute("det-test", "--checkpoint", run.resolve("model.pth.stu").toString(), "--data", data.toString(),
        "--output", out.toString(), "--size", "64x128", "--semantic-weight", "0,1", "--overlays", "1");
    assertThat(r.code).as(r.err).isZero();
    JsonNode m = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
    assertThat(m.get("by_semantic_weight")).hasSize(2);
    assertThat(m.get("semantic_weight").asDouble()).isIn(0.0, 1.0);
    assertThat(m.has("Reasonable")).isTrue();
    assertThat(out.resolve("detections.json")).exists();
    assertThat(out.resolve("detections_lambda_0.json")).exists();
    assertThat(out.resolve("detections_lambda_1.json")).exists();
    try (var s = Files.list(out.resolve("overlays"))) {
      assertThat(s.filter(p -> p.toString().endsWith(".png")).count()).isEqualTo(1);
    }
  }

  @Test
  void predictWritesResultsAndOverlaysForAFolder() throws Exception {
    Path out = dir.resolve("predict");
    Path images = data.resolve("leftImg8bit_trainvaltest/leftImg8bit/val");
    Result r = execute("det-predict", "--checkpoint", run.resolve("model.pth").toString(), "--input",
        images.toString(), "--output", out.toString(), "--size", "64x128", "--overlays", "1");
    assertThat(r.code).as(r.err).isZero();
    JsonNode dets = new ObjectMapper().readTree(out.resolve("detections.json").toFile());
    assertThat(dets.isArray()).isTrue();
    dets.forEach(d -> assertThat(d.get("bbox")).hasSize(4));
    JsonNode imgs = new ObjectMapper().readTree(out.resolve("images.json").toFile()).get("images");
    assertThat(imgs.get(0).get("id").asInt()).isEqualTo(1);
    assertThat(imgs.get(0).get("width").asInt()).isEqualTo(1024);
    assertThat(out.resolve("overlays")).isDirectory();
  }

  @Test
  void optionDefaultsAreTheReleaseRecipe() {
    var spec = SoliderCli.newCommandLine().getSubcommands().get("det-train").getCommandSpec();
    CspTrainConfig release = CspTrainConfig.release(SwinConfig.tiny());
    Function<String, String> def = name -> {
      var o = spec.findOption(name);
      return String.valueOf(o.defaultValue() != null ? o.defaultValue() : o.initialValue());
    };
    assertThat(Double.parseDouble(def.apply("--semantic-weight"))).isEqualTo(release.model().semanticWeight());
    assertThat(def.apply("--size")).isEqualTo(release.input().crop().toString());
    assertThat(def.apply("--test-size")).isEqualTo(release.input().testScale().toString());
    assertThat(Integer.parseInt(def.apply("--batch-size"))).isEqualTo(release.input().batch());
    assertThat(Integer.parseInt(def.apply("--epochs"))).isEqualTo(release.schedule().epochs());
    assertThat(def.apply("--lr-steps")).isEqualTo("110,160");
    assertThat(release.schedule().steps()).containsExactly(110, 160);
    assertThat(Double.parseDouble(def.apply("--lr"))).isEqualTo(release.optimizer().lr());
    assertThat(Double.parseDouble(def.apply("--weight-decay"))).isEqualTo(release.optimizer().weightDecay());
    assertThat(Integer.parseInt(def.apply("--warmup-iterations"))).isEqualTo(release.schedule().warmupIterations());
    assertThat(Boolean.parseBoolean(def.apply("--mean-teacher"))).isEqualTo(release.meanTeacher().enabled());
    assertThat(Double.parseDouble(def.apply("--mean-teacher-alpha"))).isEqualTo(release.meanTeacher().alpha());
    assertThat(Integer.parseInt(def.apply("--neck-channels"))).isEqualTo(release.model().neckChannels());
    assertThat(Integer.parseInt(def.apply("--head-channels"))).isEqualTo(release.model().headChannels());
    assertThat(def.apply("--resize-range")).isEqualTo(release.augmentation().minScale() + ","
        + release.augmentation().maxScale());
    assertThat(Double.parseDouble(def.apply("--drop-path"))).isEqualTo(SwinConfig.tiny().dropPathRate());
    assertThat(Long.parseLong(def.apply("--seed"))).isEqualTo(release.seed());
    for (String cmd : List.of("det-test", "det-predict")) {
      var s = SoliderCli.newCommandLine().getSubcommands().get(cmd).getCommandSpec();
      var size = s.findOption("--size");
      assertThat(String.valueOf(size.defaultValue() != null ? size.defaultValue() : size.initialValue()))
          .as(cmd).isEqualTo(release.input().testScale().toString());
    }
  }

  @Test
  void missingOrMalformedAnnotationsAreOneLineErrors() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    Result r = execute("det-train", "--data", empty.toString(), "--output", dir.resolve("o1").toString());
    assertThat(r.code).isNotZero();
    assertThat(r.err.strip()).doesNotContain("\n").contains("empty");

    Path bad = copyOf(data, dir.resolve("bad"));
    Files.writeString(bad.resolve("train.json"), "{\"images\": [{\"id\": 1, \"file_name\": \"x.png\"");
    r = execute("det-train", "--data", bad.toString(), "--output", dir.resolve("o2").toString());
    assertThat(r.code).isNotZero();
    assertThat(r.err.strip()).doesNotContain("\n").contains("train.json");
  }

  @Test
  void wrongImageSizesAndEmptySplitsAreOneLineErrors() throws Exception {
    Path wrong = copyOf(data, dir.resolve("wrong"));
    Path gt = wrong.resolve("val_gt.json");
    Files.writeString(gt, Files.readString(gt).replace("\"width\":1024", "\"width\":1000"));
    Result r = execute("det-test", "--checkpoint", run.resolve("model.pth").toString(), "--data", wrong.toString(),
        "--output", dir.resolve("o3").toString(), "--size", "64x128");
    assertThat(r.code).isEqualTo(2);
    assertThat(r.err.strip()).doesNotContain("\n").contains("the image is 1024x512").contains("says 1000x512");

    Path none = copyOf(data, dir.resolve("none"));
    Files.writeString(none.resolve("val_gt.json"), "{\"images\": [], \"annotations\": [], \"categories\": [{\"id\": 1}]}");
    r = execute("det-test", "--checkpoint", run.resolve("model.pth").toString(), "--data", none.toString(),
        "--output", dir.resolve("o4").toString());
    assertThat(r.code).isEqualTo(2);
    assertThat(r.err.strip()).doesNotContain("\n").contains("no images in the val split");
  }

  @Test
  void aCheckpointOfAnotherTaskIsAOneLineError() throws Exception {
    CspModel model = CspModel.fromCheckpoint(run.resolve("model.pth"));
    Path reid = dir.resolve("reid.pth");
    var sd = new LinkedHashMap<String, Object>();
    model.backbone().parameters().forEach((k, v) -> sd.put("base." + k, v));
    TorchCheckpointWriter.write(sd, reid);
    Result r = execute("det-predict", "--checkpoint", reid.toString(), "--input", data.toString(), "--output",
        dir.resolve("o5").toString());
    assertThat(r.code).isEqualTo(2);
    assertThat(r.err.strip()).doesNotContain("\n").contains("reid.pth: not a CSP detection model");
  }

  /** The annotation files and a link to the images of a CityPersons folder. */
  private static Path copyOf(Path from, Path to) throws Exception {
    Files.createDirectories(to);
    for (String f : List.of("train.json", "val_gt.json")) {
      Files.copy(from.resolve(f), to.resolve(f));
    }
    Files.createSymbolicLink(to.resolve("leftImg8bit_trainvaltest"), from.resolve("leftImg8bit_trainvaltest"));
    return to;
  }
}
