package io.solider.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.solider.nn.backbone.Backbone;
import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.checkpoint.TorchCheckpointWriter;
import io.solider.tasks.search.head.ProposalFilter;
import io.solider.tasks.search.train.SearchTrainConfig;
import io.solider.tasks.synth.SynthConfig;
import io.solider.tasks.synth.SyntheticGenerator;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * search-train, search-test and search-predict end to end on the tiny synthetic PRW set with a tiny
 * Swin and small scenes, their defaults against the release's recipe, and their answers to bad input
 * (one line, non-zero exit).
 */
class SearchCommandsTest {

  @TempDir static Path dir;
  static Path prw;

  /** A tiny backbone, small scenes, few proposals. */
  static final List<String> TINY = List.of("--arch", "custom", "--embed-dim", "8", "--depths", "1,1,1,1", "--heads",
      "1,1,2,2", "--window", "4", "--preset", "cpu", "--min-size", "96", "--max-size", "160");

  record Run(int code, String err) {}

  @BeforeAll
  static void generate() throws Exception {
    new SyntheticGenerator(SynthConfig.tiny(11)).generate(dir.resolve("synth"));
    prw = dir.resolve("synth/prw");
  }

  static Run run(String command, List<String> args) {
    CommandLine cl = SoliderCli.newCommandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    List<String> all = new ArrayList<>(List.of(command));
    all.addAll(args);
    return new Run(cl.execute(all.toArray(String[]::new)), err.toString());
  }

  static List<String> args(List<String> base, String... more) {
    List<String> a = new ArrayList<>(base);
    a.addAll(Arrays.asList(more));
    return a;
  }

  /** A copy of the synthetic PRW folder to break. */
  static Path copyOfPrw(String name) throws Exception {
    Path target = dir.resolve(name);
    try (Stream<Path> files = Files.walk(prw)) {
      for (Path p : files.toList()) {
        Path t = target.resolve(prw.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
    return target;
  }

  static void assertOneLineError(Run r, String... fragments) {
    assertThat(r.code()).as(r.err()).isNotZero();
    assertThat(r.err().strip()).as("one line").doesNotContain("\n").doesNotContain("\tat ");
    assertThat(r.err()).contains(fragments);
  }

  @Test
  void trainsThenTestsOverLambdaThenFindsAQueryInAFolder() throws Exception {
    Path out = dir.resolve("run");
    Run train = run("search-train", args(TINY, "--data", prw.toString(), "--output", out.toString(), "--batch", "4",
        "--epochs", "1", "--lr", "0.01", "--lut-size", "60", "--queue-size", "20", "--workers", "1"));
    assertThat(train.code()).as(train.err()).isZero();
    for (String f : List.of("model.pth", "checkpoint.pth", "log.jsonl", "metrics.json", "run.json", "eval/det.npy")) {
      assertThat(out.resolve(f)).exists();
    }
    Path test = dir.resolve("test");
    Run t = run("search-test", args(TINY, "--checkpoint", out.resolve("model.pth").toString(), "--data",
        prw.toString(), "--output", test.toString(), "--semantic-weight", "0,0.6", "--picture-queries", "2"));
    assertThat(t.code()).as(t.err()).isZero();
    JsonNode m = new ObjectMapper().readTree(test.resolve("metrics.json").toFile());
    assertThat(m.fieldNames().next()).isEqualTo("semantic_weight");
    assertThat(m.get("by_semantic_weight")).hasSize(2);
    for (JsonNode e : m.get("by_semantic_weight")) {
      assertThat(e.get("mAP").asDouble()).isBetween(0.0, m.get("mAP").asDouble());
      assertThat(e.get("detection").get("ap").asDouble()).isBetween(0.0, 1.0);
    }
    for (String f : List.of("lambda.png", "matches.png", "lambda_0.6/metrics.json", "lambda_0.6/det.npy")) {
      assertThat(test.resolve(f)).exists();
    }
    // A query crop cut out of a scene, searched in two scenes.
    Path scenes = dir.resolve("scenes");
    Files.createDirectories(scenes);
    List<Path> frames;
    try (Stream<Path> s = Files.list(prw.resolve("frames"))) {
      frames = s.sorted().limit(2).toList();
    }
    for (Path f : frames) {
      Files.copy(f, scenes.resolve(f.getFileName()));
    }
    BufferedImage scene = ImageIO.read(frames.get(0).toFile());
    Path query = dir.resolve("query.png");
    ImageIO.write(scene.getSubimage(10, 10, 40, 90), "png", query.toFile());
    Path pred = dir.resolve("pred");
    Run p = run("search-predict", args(TINY, "--checkpoint", out.resolve("model.pth").toString(), "--query",
        query.toString(), "--input", scenes.toString(), "--output", pred.toString()));
    assertThat(p.code()).as(p.err()).isZero();
    JsonNode r = new ObjectMapper().readTree(pred.resolve("results.json").toFile());
    assertThat(r.get("scenes")).hasSize(2);
    assertThat(pred.resolve("matches.png")).exists();
    try (Stream<Path> s = Files.list(pred.resolve("overlays"))) {
      assertThat(s.count()).isEqualTo(2);
    }
  }

  @Test
  void optionDefaultsAreTheReleaseRecipe() {
    var train = SoliderCli.newCommandLine().getSubcommands().get("search-train").getCommandSpec();
    SearchTrainConfig release = SearchTrainConfig.release(SearchTrainConfig.Dataset.CUHK_SYSU, SwinConfig.tiny());
    Function<String, String> def = name -> {
      var o = train.findOption(name);
      return String.valueOf(o.defaultValue() != null ? o.defaultValue() : o.initialValue());
    };
    assertThat(Double.parseDouble(def.apply("--semantic-weight"))).isEqualTo(release.model().semanticWeight());
    assertThat(Integer.parseInt(def.apply("--min-size"))).isEqualTo(release.input().minSize());
    assertThat(Integer.parseInt(def.apply("--max-size"))).isEqualTo(release.input().maxSize());
    ProposalFilter test = release.detector().rpnTest();
    assertThat(Integer.parseInt(def.apply("--pre-nms-test"))).isEqualTo(test.preNmsTopN());
    assertThat(Integer.parseInt(def.apply("--post-nms-test"))).isEqualTo(test.postNmsTopN());
    assertThat(release.optimizer().lr()).isEqualTo(SearchTrainConfig.RELEASE_LR);
    assertThat(SearchTrainConfig.cpuPreset(SearchTrainConfig.Dataset.CUHK_SYSU, SwinConfig.tiny()).optimizer().lr())
        .isEqualTo(SearchTrainConfig.CPU_PRESET_LR);
    assertThat(Double.parseDouble(def.apply("--weight-decay"))).isEqualTo(release.optimizer().weightDecay());
    assertThat(Double.parseDouble(def.apply("--clip-gradients"))).isEqualTo(release.optimizer().clipNorm());
    assertThat(Double.parseDouble(def.apply("--drop-path"))).isEqualTo(release.model().arch().rates().dropPath());
    assertThat(Long.parseLong(def.apply("--seed"))).isEqualTo(release.seed());
    assertThat(def.apply("--preset")).isEqualTo("release");
    // Per data set, backbone or preset, chosen after reading them: no fixed default.
    for (String o : List.of("--epochs", "--batch-size", "--milestones", "--lut-size", "--queue-size", "--lr")) {
      assertThat(train.findOption(o).defaultValue()).as(o).isNull();
    }
    for (String command : List.of("search-test", "search-predict")) {
      var spec = SoliderCli.newCommandLine().getSubcommands().get(command).getCommandSpec();
      assertThat(spec.findOption("--min-size").defaultValue()).isEqualTo("900");
      assertThat(spec.findOption("--post-nms-test").defaultValue()).isEqualTo("300");
      var lambda = spec.findOption("--semantic-weight");
      assertThat(String.valueOf(lambda.defaultValue() != null ? lambda.defaultValue() : lambda.initialValue()))
          .contains("0.6");
    }
  }

  @Test
  void aFolderOfNeitherLayoutIsAOneLineError() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    Run r = run("search-train", args(TINY, "--data", empty.toString(), "--output", dir.resolve("o1").toString()));
    assertOneLineError(r, "neither a CUHK-SYSU folder");
    assertThat(r.code()).isEqualTo(2);
  }

  @Test
  void malformedAnnotationsNameTheFileAndLine() throws Exception {
    Path bad = copyOfPrw("bad-query-info");
    List<String> lines = new ArrayList<>(Files.readAllLines(bad.resolve("query_info.txt")));
    lines.set(0, "12 34 oops");
    Files.write(bad.resolve("query_info.txt"), lines);
    Run r = run("search-train", args(TINY, "--data", bad.toString(), "--output", dir.resolve("o3").toString()));
    assertOneLineError(r, "query_info.txt:1:");
    Path truncated = copyOfPrw("truncated-mat");
    Files.write(truncated.resolve("frame_train.mat"), new byte[] {1, 2, 3});
    r = run("search-train", args(TINY, "--data", truncated.toString(), "--output", dir.resolve("o4").toString()));
    assertOneLineError(r, "frame_train.mat");
  }

  @Test
  void scenesThatDoNotMatchTheirAnnotationsStopTrainingWithTheSceneNamed() throws Exception {
    Path small = copyOfPrw("small-frames");
    BufferedImage tiny = new BufferedImage(16, 12, BufferedImage.TYPE_INT_RGB);
    try (Stream<Path> s = Files.list(small.resolve("frames"))) {
      for (Path f : s.toList()) {
        ImageIO.write(tiny, "jpg", f.toFile());
      }
    }
    Run r = run("search-train", args(TINY, "--data", small.toString(), "--output", dir.resolve("o5").toString(),
        "--batch", "4", "--lut-size", "60", "--queue-size", "20", "--workers", "1"));
    assertOneLineError(r, "lies outside the 16×12 image");
  }

  @Test
  void tooFewTrainingScenesForABatchIsAOneLineError() {
    Run r = run("search-train", args(TINY, "--data", prw.toString(), "--output", dir.resolve("o6").toString(),
        "--batch", "100000", "--lut-size", "60", "--queue-size", "20"));
    assertOneLineError(r, "fewer than one batch");
  }

  @Test
  void anUnknownOrNegativeLossWeightIsAUsageError() {
    Run r = run("search-train", args(TINY, "--data", prw.toString(), "--output", dir.resolve("o7").toString(),
        "--loss-weight", "box_cls=0,box_score=1", "--lut-size", "60", "--queue-size", "20"));
    assertOneLineError(r, "unknown loss term 'box_score'", "box_reid");
    assertThat(r.code()).isEqualTo(2);
    r = run("search-train", args(TINY, "--data", prw.toString(), "--output", dir.resolve("o8").toString(),
        "--loss-weight", "box_reid=-1", "--lut-size", "60", "--queue-size", "20"));
    assertOneLineError(r, "box_reid must be finite and >= 0");
    assertThat(r.code()).isEqualTo(2);
    assertThat(dir.resolve("o7").resolve("checkpoint.pth")).doesNotExist();
  }

  @Test
  void aMissingCheckpointIsAOneLineError() {
    Run r = run("search-test", args(TINY, "--checkpoint", dir.resolve("missing.pth").toString(), "--data",
        prw.toString(), "--output", dir.resolve("o2").toString()));
    assertOneLineError(r, "missing.pth");
  }

  @Test
  void aCheckpointOfAnotherTaskIsRejected() throws Exception {
    Path backbone = tinyBackboneCheckpoint();
    Run r = run("search-test", args(TINY, "--checkpoint", backbone.toString(), "--data", prw.toString(), "--output",
        dir.resolve("o7").toString()));
    assertOneLineError(r, "not a person-search model");
    BufferedImage img = new BufferedImage(20, 40, BufferedImage.TYPE_INT_RGB);
    Path query = dir.resolve("q7.png");
    ImageIO.write(img, "png", query.toFile());
    r = run("search-predict", args(TINY, "--checkpoint", backbone.toString(), "--query", query.toString(), "--input",
        prw.resolve("frames").toString(), "--output", dir.resolve("o8").toString()));
    assertOneLineError(r, "not a person-search model");
  }

  @Test
  void aQueryThatIsNotAnImageIsAOneLineError() throws Exception {
    Path notImage = dir.resolve("query.txt");
    Files.writeString(notImage, "not an image");
    Path model = dir.resolve("model-for-bad-query.pth");
    // Any person-search model file does: the query is read before the model runs.
    io.solider.tasks.search.head.SearchModel m = io.solider.tasks.search.head.SearchModel.initialized(
        SwinConfig.of(8, List.of(1, 1, 1, 1), List.of(1, 1, 2, 2)).withWindowSize(4), 1, 4, 4);
    TorchCheckpointWriter.write(m.stateDict(), model);
    Run r = run("search-predict", args(TINY, "--checkpoint", model.toString(), "--query", notImage.toString(),
        "--input", prw.resolve("frames").toString(), "--output", dir.resolve("o9").toString()));
    assertOneLineError(r, "query.txt");
    r = run("search-predict", args(TINY, "--checkpoint", model.toString(), "--query", notImage.toString(),
        "--input", prw.resolve("frames").toString(), "--output", dir.resolve("o10").toString(),
        "--semantic-weight", "1.5"));
    assertThat(r.code()).isEqualTo(2);
  }

  private static Path tinyBackboneCheckpoint() throws Exception {
    Path f = dir.resolve("backbone.pth");
    if (!Files.exists(f)) {
      Backbone b = Backbone.initialized(SwinConfig.of(8, List.of(1, 1, 1, 1), List.of(1, 1, 2, 2)).withWindowSize(4), 3);
      TorchCheckpointWriter.write(b.parameters(), f);
    }
    return f;
  }
}
