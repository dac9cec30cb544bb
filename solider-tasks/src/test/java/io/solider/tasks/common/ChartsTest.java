package io.solider.tasks.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {

  @TempDir Path dir;

  /** Pixels of the series colours: a drawn line leaves many of them. */
  static int countColour(BufferedImage img, int rgb) {
    int n = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        if ((img.getRGB(x, y) & 0xffffff) == rgb) {
          n++;
        }
      }
    }
    return n;
  }

  @Test
  void cmcCurvesAreDrawnOnePerLambda() throws Exception {
    double[] a = new double[50];
    double[] b = new double[50];
    for (int k = 0; k < 50; k++) {
      a[k] = Math.min(1, 0.4 + 0.02 * k);
      b[k] = Math.min(1, 0.6 + 0.01 * k);
    }
    Path png = dir.resolve("sub/cmc.png");
    Charts.writeCmc(List.of(new Charts.Curve(Charts.lambdaLabel(0), a),
        new Charts.Curve(Charts.lambdaLabel(0.2), b)), "CMC", png);
    BufferedImage img = ImageIO.read(png.toFile());
    assertThat(img).isNotNull();
    assertThat(img.getWidth()).isEqualTo(Charts.WIDTH);
    assertThat(img.getHeight()).isEqualTo(Charts.HEIGHT);
    assertThat(countColour(img, 0x1f77b4)).isGreaterThan(300); // first series
    assertThat(countColour(img, 0xd62728)).isGreaterThan(300); // second series
    assertThat(countColour(img, 0x2ca02c)).isZero(); // no third
    try (var files = Files.list(png.getParent())) {
      assertThat(files).containsExactly(png); // no temp file left
    }
  }

  @Test
  void metricsOverLambdaDrawTwoLinesAndCheckLengths() throws Exception {
    Path png = dir.resolve("lambda.png");
    Charts.writeOverLambda(new double[] {0, 0.2, 0.5, 1}, List.of(new Charts.Curve("mAP",
        new double[] {0.5, 0.6, 0.55, 0.4}), new Charts.Curve("rank-1", new double[] {0.7, 0.8, 0.75, 0.6})), 1, "mAP",
        "sweep", png);
    BufferedImage img = ImageIO.read(png.toFile());
    assertThat(img.getWidth()).isEqualTo(Charts.WIDTH);
    assertThat(countColour(img, 0x1f77b4)).isGreaterThan(200);
    assertThat(countColour(img, 0xd62728)).isGreaterThan(200);
    assertThatThrownBy(() -> Charts.writeOverLambda(new double[] {0, 1}, List.of(new Charts.Curve("mAP",
        new double[] {0.5})), 0, "mAP", "x", dir.resolve("bad.png"))).hasMessage("need one mAP per λ, got 2 λ and 1 mAP");
    assertThatThrownBy(() -> Charts.writeCmc(List.of(), "x", dir.resolve("bad.png"))).hasMessage("no CMC curve to draw");
    assertThat(dir.resolve("bad.png")).doesNotExist();
  }

  @Test
  void barsAreDrawnOnePerLabel() throws Exception {
    Path png = dir.resolve("bars.png");
    Charts.writeBars(List.of("hat", "glasses", "backpack"), new double[] {0.9, 0.5, 0.7}, "mA", "per attribute", png);
    BufferedImage img = ImageIO.read(png.toFile());
    assertThat(img.getWidth()).isEqualTo(Charts.WIDTH);
    assertThat(countColour(img, 0x1f77b4)).isGreaterThan(3000);
    assertThatThrownBy(() -> Charts.writeBars(List.of("a"), new double[] {0.1, 0.2}, "mA", "x", dir.resolve("b.png")))
        .hasMessage("need one value per label, got 1 labels and 2 values");
  }

  @Test
  void lambdaLabelsDropTrailingZeros() {
    assertThat(Charts.lambdaLabel(0.2)).isEqualTo("λ = 0.2");
    assertThat(Charts.trim(1)).isEqualTo("1");
    assertThat(Charts.trim(0)).isEqualTo("0");
    assertThat(Charts.trim(0.25)).isEqualTo("0.25");
  }
}
