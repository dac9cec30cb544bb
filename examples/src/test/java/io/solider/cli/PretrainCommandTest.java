package io.solider.cli;

import io.solider.nn.backbone.SwinConfig;
import io.solider.ssl.trainer.PretrainConfig;
import static org.assertj.core.api.Assertions.assertThat;

import io.solider.nn.backbone.Backbone;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The pretrain command end to end on a tiny custom architecture. */
class PretrainCommandTest {

  @Test
  void pretrainWritesCheckpointTeacherAndLog(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("people");
    Files.createDirectories(data);
    SplittableRandom rng = new SplittableRandom(1);
    for (int i = 0; i < 2; i++) {
      BufferedImage img = new BufferedImage(48, 96, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < 96; y++) {
        for (int x = 0; x < 48; x++) {
          img.setRGB(x, y, rng.nextInt(1 << 24));
        }
      }
      ImageIO.write(img, "png", data.resolve("p" + i + ".png").toFile());
    }
    Path out = dir.resolve("run");
    CommandLine cl = SoliderCli.newCommandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    int code = cl.execute("pretrain", "--data", data.toString(), "--output", out.toString(), "--arch", "custom",
        "--embed-dim", "8", "--depths", "1,1,1,1", "--heads", "1,1,2,2", "--size", "64x32",
        "--local-size", "32x16", "--local-crops", "1", "--batch-size", "2", "--epochs", "1", "--warmup-epochs", "0",
        "--out-dim", "16", "--head-hidden", "16", "--head-bottleneck", "8", "--workers", "1");
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.resolve("checkpoint.pth")).exists();
    assertThat(out.resolve("log.jsonl")).exists();
    assertThat(Backbone.fromCheckpoint(out.resolve("teacher.pth")).config().embedDim()).isEqualTo(8);
  }

  @Test
  void optionDefaultsAreTheReleaseRecipe() {
    var spec = SoliderCli.newCommandLine().getSubcommands().get("pretrain").getCommandSpec();
    PretrainConfig release = PretrainConfig.release(SwinConfig.tiny());
    java.util.function.Function<String, Double> def = name -> {
      var o = spec.findOption(name);
      return Double.parseDouble(String.valueOf(o.defaultValue() != null ? o.defaultValue() : o.initialValue()));
    };
    assertThat(def.apply("--epochs")).isEqualTo(release.schedule().epochs());
    assertThat(def.apply("--warmup-epochs")).isEqualTo(release.schedule().warmupEpochs());
    assertThat(def.apply("--batch-size")).isEqualTo(release.training().batchSize());
    assertThat(def.apply("--lr")).isEqualTo(release.schedule().baseLr());
    assertThat(def.apply("--min-lr")).isEqualTo(release.schedule().minLr());
    assertThat(def.apply("--weight-decay")).isEqualTo(release.schedule().weightDecay());
    assertThat(def.apply("--weight-decay-end")).isEqualTo(release.schedule().weightDecayEnd());
    assertThat(def.apply("--clip-grad")).isEqualTo(release.training().clipGrad());
    assertThat(def.apply("--freeze-last-layer")).isEqualTo(release.training().freezeLastLayerEpochs());
    assertThat(def.apply("--momentum-teacher")).isEqualTo(release.distillation().momentumTeacher());
    assertThat(def.apply("--teacher-temp")).isEqualTo(release.distillation().teacherTemp());
    assertThat(def.apply("--out-dim")).isEqualTo(release.heads().dino().outDim());
    assertThat(def.apply("--head-hidden")).isEqualTo(release.heads().dino().hiddenDim());
    assertThat(def.apply("--head-bottleneck")).isEqualTo(release.heads().dino().bottleneckDim());
    assertThat(def.apply("--parts")).isEqualTo(release.semantic().parts());
    assertThat(def.apply("--semantic-loss")).isEqualTo(release.semantic().lossWeight());
    assertThat(def.apply("--local-crops")).isEqualTo(release.crops().localCrops());
    assertThat(def.apply("--seed")).isEqualTo(release.seed());
    assertThat(String.valueOf(spec.findOption("--size").initialValue()))
        .isEqualTo(release.crops().globalHeight() + "x" + release.crops().globalWidth());
  }
}
