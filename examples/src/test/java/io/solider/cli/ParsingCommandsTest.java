package io.solider.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.checkpoint.TorchCheckpointWriter;
import io.solider.tasks.parsing.data.LabelPng;
import io.solider.tasks.parsing.data.PartMask;
import io.solider.tasks.parsing.head.TestTimeFusion;
import io.solider.tasks.parsing.train.ParsingTrainConfig;
import io.solider.tasks.synth.SynthConfig;
import io.solider.tasks.synth.SyntheticGenerator;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * parsing-train, parsing-test and parsing-predict end to end on the tiny synthetic LIP set with a
 * tiny Swin (one self-correction cycle), their defaults against the release's recipe, and one-line
 * errors for bad input.
 */
class ParsingCommandsTest {

  @TempDir static Path dir;
  static Path lip;
  static Path run;

  record Run(int code, String err) {}

  static Run cli(String... args) {
    var cl = SoliderCli.newCommandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    return new Run(cl.execute(args), err.toString());
  }

  static void assertOneLine(Run r, int code, String... parts) {
    assertThat(r.code()).as(r.err()).isEqualTo(code);
    assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
    assertThat(r.err()).doesNotContain("\tat ").contains(parts);
  }

  static final String[] TINY = {"--arch", "custom", "--embed-dim", "8", "--depths", "1,1,1,1", "--heads", "1,1,2,2",
      "--window", "4"};

  @BeforeAll
  static void generateAndTrain() throws Exception {
    new SyntheticGenerator(SynthConfig.tiny(5)).generate(dir.resolve("synth"));
    lip = dir.resolve("synth/lip");
    run = dir.resolve("run");
    String[] args = Stream.concat(Stream.of("parsing-train", "--data", lip.toString(), "--output", run.toString(),
        "--size", "48x32", "--batch-size", "2", "--epochs", "2", "--warmup-epochs", "1", "--schp-start", "2",
        "--cycle-epochs", "1", "--lr", "0.01", "--test-scales", "1", "--no-flip", "--workers", "1",
        "--eval-batch-size", "2"), Stream.of(TINY)).toArray(String[]::new);
    Run r = cli(args);
    assertThat(r.code()).as(r.err()).isZero();
  }

  @Test
  void trainWritesTheModelsAndMetrics() throws Exception {
    for (String f : List.of("model.pth", "schp_model.pth", "checkpoint.pth", "log.jsonl", "metrics.json", "run.json")) {
      assertThat(run.resolve(f)).exists();
    }
    JsonNode m = new ObjectMapper().readTree(run.resolve("metrics.json").toFile());
    assertThat(m.get("mIoU").asDouble()).isBetween(0.0, 100.0);
    assertThat(m.get("per_class_IoU")).hasSize(20);
  }

  @Test
  void testSweepsLambdaAndDrawsPictures() throws Exception {
    Path out = dir.resolve("test");
    Run r = cli("parsing-test", "--checkpoint", run.resolve("schp_model.pth").toString(), "--data", lip.toString(),
        "--output", out.toString(), "--size", "48x32", "--test-scales", "0.75,1", "--semantic-weight", "0,0.5,1",
        "--overlays", "2");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode m = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
    assertThat(m.get("mIoU").asDouble()).isBetween(0.0, 100.0);
    assertThat(m.get("per_class_IoU")).hasSize(20);
    assertThat(m.toString()).contains("\"semantic_weight\"", "\"by_semantic_weight\"");
    assertThat(m.findValues("pixel_accuracy").size()).isGreaterThanOrEqualTo(4); // the best on top + 3 listed
    for (String f : List.of("lambda.png", "per_class_iou.png")) {
      assertThat(out.resolve(f)).exists();
    }
    try (Stream<Path> s = Files.list(out.resolve("overlays"))) {
      assertThat(s.count()).isEqualTo(1); // --overlays 2, but the tiny set has one validation image
    }
  }

  @Test
  void predictWritesLipPalettePngsThatParsingEvalReads() throws Exception {
    Path out = dir.resolve("predict");
    Run r = cli("parsing-predict", "--checkpoint", run.resolve("model.pth").toString(), "--input",
        lip.resolve("val_images").toString(), "--output", out.toString(), "--size", "48x32", "--test-scales", "1");
    assertThat(r.code()).as(r.err()).isZero();
    List<Path> labels;
    try (Stream<Path> s = Files.list(out.resolve("labels"))) {
      labels = s.sorted().toList();
    }
    assertThat(labels).isNotEmpty();
    Path first = labels.get(0);
    String id = first.getFileName().toString().replace(".png", "");
    BufferedImage photo = ImageIO.read(lip.resolve("val_images/" + id + ".jpg").toFile());
    PartMask mask = LabelPng.read(first);
    assertThat(mask.width()).isEqualTo(photo.getWidth());
    assertThat(mask.height()).isEqualTo(photo.getHeight());
    assertThat(ImageIO.read(first.toFile()).getColorModel()).isInstanceOf(java.awt.image.IndexColorModel.class);
    assertThat(out.resolve("overlays/" + id + ".png")).exists();
    Run eval = cli("parsing-eval", "--gt-dir", lip.resolve("val_segmentations").toString(), "--pred-dir",
        out.resolve("labels").toString(), "--num-classes", "20", "--output", dir.resolve("eval.json").toString());
    assertThat(eval.code()).as(eval.err()).isZero();
  }

  @Test
  void optionDefaultsAreTheReleaseRecipe() {
    var cl = SoliderCli.newCommandLine();
    ParsingTrainConfig release = ParsingTrainConfig.release(SwinConfig.tiny());
    for (String command : List.of("parsing-train", "parsing-test", "parsing-predict")) {
      var spec = cl.getSubcommands().get(command).getCommandSpec();
      Function<String, String> def = name -> {
        var o = spec.findOption(name);
        return String.valueOf(o.defaultValue() != null ? o.defaultValue() : o.initialValue());
      };
      assertThat(def.apply("--size")).as(command).isEqualTo(release.augmentation().cropHeight() + "x"
          + release.augmentation().cropWidth());
      assertThat(Double.parseDouble(def.apply("--semantic-weight").replaceAll("[\\[\\]]", ""))).as(command)
          .isEqualTo(release.model().semanticWeight());
      assertThat(def.apply("--test-scales").split(",")).as(command)
          .hasSize(TestTimeFusion.RELEASE_SCALES.size());
      assertThat(Stream.of(def.apply("--test-scales").split(",")).map(Double::parseDouble).toList()).as(command)
          .isEqualTo(TestTimeFusion.RELEASE_SCALES);
      assertThat(def.apply("--flip")).as(command).isEqualTo("true");
    }
    var spec = cl.getSubcommands().get("parsing-train").getCommandSpec();
    Function<String, String> def = name -> {
      var o = spec.findOption(name);
      return o.defaultValue() != null ? o.defaultValue() : String.valueOf((Object) o.initialValue());
    };
    assertThat(Integer.parseInt(def.apply("--epochs"))).isEqualTo(release.schedule().epochs());
    assertThat(Integer.parseInt(def.apply("--warmup-epochs"))).isEqualTo(release.schedule().warmupEpochs());
    assertThat(Integer.parseInt(def.apply("--schp-start"))).isEqualTo(release.cycles().start());
    assertThat(Integer.parseInt(def.apply("--schp-start"))).isEqualTo(release.schedule().cyclicalStart());
    assertThat(Integer.parseInt(def.apply("--cycle-epochs"))).isEqualTo(release.cycles().cycleEpochs());
    assertThat(Double.parseDouble(def.apply("--lr"))).isEqualTo(release.schedule().baseLr());
    assertThat(Double.parseDouble(def.apply("--momentum"))).isEqualTo(release.optimizer().momentum());
    assertThat(Double.parseDouble(def.apply("--weight-decay"))).isEqualTo(release.optimizer().weightDecay());
    assertThat(Integer.parseInt(def.apply("--batch-size"))).isEqualTo(release.batchSize());
    assertThat(Long.parseLong(def.apply("--seed"))).isEqualTo(release.seed());
  }

  @Test
  void aCheckpointOfAnotherTaskIsAOneLineError() throws Exception {
    Path other = dir.resolve("reid.pth");
    TorchCheckpointWriter.write(Map.of("base.norm3.weight", org.nd4j.linalg.factory.Nd4j.ones(4)), other);
    Run r = cli("parsing-test", "--checkpoint", other.toString(), "--data", lip.toString(), "--output",
        dir.resolve("o1").toString());
    assertOneLine(r, 1, "reid.pth: not a parsing model");
    Run missing = cli("parsing-predict", "--checkpoint", dir.resolve("nope.pth").toString(), "--input",
        lip.toString(), "--output", dir.resolve("o2").toString());
    assertOneLine(missing, 1, "nope.pth");
  }

  @Test
  void badDataIsAOneLineError() throws Exception {
    Path model = run.resolve("model.pth").toAbsolutePath();
    // empty validation split
    Path empty = Files.createDirectories(dir.resolve("empty"));
    Files.writeString(empty.resolve("val_id.txt"), "");
    Files.createDirectories(empty.resolve("val_images"));
    Files.createDirectories(empty.resolve("val_segmentations"));
    assertOneLine(cli("parsing-test", "--checkpoint", model.toString(), "--data", empty.toString(), "--output",
        dir.resolve("o3").toString(), "--size", "48x32"), 2, "lists no image");
    // no such folder for training
    assertOneLine(cli(Stream.concat(Stream.of("parsing-train", "--data", dir.resolve("absent").toString(), "--output",
        dir.resolve("o4").toString()), Stream.of(TINY)).toArray(String[]::new)), 1, "absent");
    // a mask whose size differs from its image, and a mask with a label LIP does not have
    Path bad = dir.resolve("bad");
    copyTree(lip, bad);
    String id = Files.readAllLines(bad.resolve("val_id.txt")).get(0).strip();
    Path maskFile = bad.resolve("val_segmentations/" + id + ".png");
    LabelPng.writePalette(new PartMask(5, 7, new int[35]), maskFile);
    Run wrongSize = cli("parsing-test", "--checkpoint", model.toString(), "--data", bad.toString(), "--output",
        dir.resolve("o5").toString(), "--size", "48x32", "--test-scales", "1", "--no-flip");
    assertThat(wrongSize.code()).as(wrongSize.err()).isNotZero();
    assertOneLine(wrongSize, wrongSize.code(), id);
    BufferedImage photo = ImageIO.read(bad.resolve("val_images/" + id + ".jpg").toFile());
    int[] labels = new int[photo.getWidth() * photo.getHeight()];
    labels[3] = 42;
    LabelPng.writePalette(new PartMask(photo.getWidth(), photo.getHeight(), labels), maskFile);
    Run badLabel = cli("parsing-test", "--checkpoint", model.toString(), "--data", bad.toString(), "--output",
        dir.resolve("o6").toString(), "--size", "48x32", "--test-scales", "1", "--no-flip");
    assertOneLine(badLabel, badLabel.code(), id, "42");
    assertThat(badLabel.code()).isNotZero();
  }

  private static void copyTree(Path from, Path to) throws Exception {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
  }
}
