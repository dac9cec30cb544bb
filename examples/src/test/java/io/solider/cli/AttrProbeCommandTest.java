package io.solider.cli;

import static io.solider.cli.AttrTrainCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.solider.cli.AttrTrainCommandTest.Run;
import io.solider.nn.backbone.Backbone;
import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.checkpoint.Checkpoints;
import io.solider.nn.checkpoint.StateDict;
import io.solider.tasks.attribute.head.AttributeHead;
import io.solider.tasks.attribute.train.AttributeModel;
import io.solider.tasks.synth.SynthConfig;
import io.solider.tasks.synth.SyntheticGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * attr-probe end to end on the tiny synthetic PA-100K set, the backbone of a random tiny attribute
 * model (Swin C=8) as the pretrained checkpoint: its files, attr-test on its kept model, bad input.
 */
class AttrProbeCommandTest {

  @TempDir static Path dir;
  static Path pa100k;
  static Path pretrained;

  @BeforeAll
  static void dataAndBackbone() throws Exception {
    new SyntheticGenerator(SynthConfig.tiny(5)).generate(dir.resolve("synth"));
    pa100k = dir.resolve("synth/pa100k");
    SwinConfig arch = SwinConfig.of(8, List.of(1, 1, 1, 1), List.of(1, 1, 2, 2)).withWindowSize(4);
    pretrained = dir.resolve("pre.pth");
    new AttributeModel(Backbone.initialized(arch, 3), AttributeHead.initialized(64, 26, 4)).writeStateDict(pretrained);
  }

  @Test
  void probesAndItsKeptModelTestsToTheSameMa() throws Exception {
    Path out = dir.resolve("probe");
    Run r = run("attr-probe", "--data", pa100k.toString(), "--pretrained", pretrained.toString(), "--size", "64x32",
        "--batch-size", "4", "--epochs", "5", "--head-lr", "1e-2", "--output", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    for (String f : List.of("model.pth", "model_best.pth", "attributes.txt", "metrics.json", "metrics_initial.json",
        "log.jsonl", "run.json")) {
      assertThat(out.resolve(f)).as(f).exists();
    }
    assertThat(Files.readAllLines(out.resolve("log.jsonl"))).hasSize(5);
    double kept;
    try (StateDict sd = Checkpoints.read(out.resolve("model_best.pth"))) {
      kept = ((Number) sd.values().get("metric")).doubleValue();
    }
    Path test = dir.resolve("probe-test");
    Run t = run("attr-test", "--checkpoint", out.resolve("model_best.pth").toString(), "--data", pa100k.toString(),
        "--size", "64x32", "--semantic-weight", "0.8", "--output", test.toString());
    assertThat(t.code()).as(t.err()).isZero();
    JsonNode m = new ObjectMapper().readTree(test.resolve("metrics.json").toFile());
    assertThat(m.get("mA").asDouble()).isEqualTo(kept);
  }

  @Test
  void badInputIsOneLineAndANonZeroCode() {
    Path out = dir.resolve("bad");
    Run missing = run("attr-probe", "--data", pa100k.toString(), "--pretrained", dir.resolve("nope.pth").toString(),
        "--output", out.toString());
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).contains("nope.pth").contains("--pretrained checkpoint not found")
        .doesNotContain("\tat ");
    Run epochs = run("attr-probe", "--data", pa100k.toString(), "--pretrained", pretrained.toString(), "--size",
        "64x32", "--epochs", "0", "--output", out.toString());
    assertThat(epochs.code()).isEqualTo(2);
    assertThat(epochs.err()).contains("epochs must be >= 1").doesNotContain("\tat ");
    Run batch = run("attr-probe", "--data", pa100k.toString(), "--pretrained", pretrained.toString(), "--size",
        "64x32", "--output", out.toString());
    assertThat(batch.code()).isEqualTo(2);
    assertThat(batch.err()).contains("fewer than one batch of 64").doesNotContain("\tat ");
  }
}
