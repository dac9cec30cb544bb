package io.solider.nn.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.solider.nn.backbone.Backbone;
import io.solider.nn.backbone.BackboneMode;
import io.solider.nn.backbone.BackboneOutputs;
import io.solider.nn.backbone.SemanticWeights;
import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.image.ImageNormalization;
import io.solider.nn.image.Images;
import io.solider.nn.io.Npy;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class FeatureExtractorTest {

  static final SwinConfig CONFIG = SwinConfig.of(8, List.of(2, 1, 1, 2), List.of(1, 2, 2, 4)).withWindowSize(3);
  static Backbone backbone;

  @BeforeAll
  static void init() {
    backbone = Backbone.initialized(CONFIG, 11);
  }

  static void writeImage(Path file, Color color, int h, int w) throws Exception {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(color);
    g.fillRect(0, 0, w, h);
    g.setColor(Color.WHITE);
    g.fillOval(w / 4, h / 8, w / 2, h / 4);
    g.dispose();
    String name = file.getFileName().toString();
    ImageIO.write(img, name.substring(name.lastIndexOf('.') + 1), file.toFile());
  }

  @Test
  void arrayInputMatchesADirectForwardPassBatchByBatch(@TempDir Path dir) throws Exception {
    Nd4j.getRandom().setSeed(3);
    INDArray x = Nd4j.randn(DataType.FLOAT, 5, 3, 32, 16);
    Path npy = dir.resolve("x.npy");
    Npy.write(x, npy);
    ExtractionConfig cfg = ExtractionConfig.defaults().withBatchSize(2);
    ExtractionSummary s = new FeatureExtractor(backbone, cfg)
        .extractArray(npy, SemanticWeightSpec.parse("0,0.25,0.5,0.75,1"), dir.resolve("out"));
    assertThat(s.images()).isEqualTo(5);
    BackboneOutputs ref = backbone.graph(32, 16, BackboneMode.INFERENCE).forward(x, SemanticWeights.of(0, 0.25, 0.5, 0.75, 1));
    assertThat(Npy.read(dir.resolve("out/pooled.npy"))).isEqualTo(ref.pooled());
    for (int i = 0; i < 4; i++) {
      INDArray got = Npy.read(dir.resolve("out/stage" + i + ".npy"));
      assertThat(got.shape()).containsExactly(ref.stage(i).shape());
      assertThat(got.sub(ref.stage(i)).amaxNumber().doubleValue()).isLessThan(1e-5);
    }
    assertThat(Files.exists(dir.resolve("out/index.csv"))).isFalse();
  }

  @Test
  void folderInputIsResizedNormalisedIndexedAndSkipsBrokenImages(@TempDir Path dir) throws Exception {
    Path images = dir.resolve("imgs");
    Files.createDirectories(images.resolve("sub"));
    writeImage(images.resolve("a.png"), Color.RED, 40, 20);
    writeImage(images.resolve("b.jpg"), Color.BLUE, 64, 32);
    Files.writeString(images.resolve("c.jpg"), "this is not a jpeg");
    writeImage(images.resolve("sub/d.bmp"), Color.GREEN, 33, 17);
    Files.writeString(images.resolve("notes.txt"), "ignored");
    ExtractionConfig cfg = ExtractionConfig.defaults().withBatchSize(3).withSize(32, 16).withStages(false);
    ExtractionSummary s = new FeatureExtractor(backbone, cfg)
        .extractFolder(images, SemanticWeightSpec.parse("0.1,0.2,0.3,0.4"), dir.resolve("out"));
    assertThat(s.images()).isEqualTo(3);
    assertThat(s.skipped()).isEqualTo(1);
    assertThat(Files.readAllLines(dir.resolve("out/index.csv")))
        .containsExactly("row,file", "0,a.png", "1,b.jpg", "2,sub/d.bmp");
    assertThat(Files.exists(dir.resolve("out/stage0.npy"))).isFalse();
    INDArray pooled = Npy.read(dir.resolve("out/pooled.npy"));
    // Row 2 is d.bmp with λ 0.4 (its position in the listing), not the third λ.
    INDArray d = Images.loadBatch(List.of(images.resolve("sub/d.bmp")), 32, 16, ImageNormalization.imagenet());
    INDArray ref = backbone.graph(32, 16, BackboneMode.INFERENCE).forward(d, SemanticWeights.of(0.4)).pooled();
    assertThat(pooled.get(NDArrayIndex.interval(2, 3)).sub(ref).amaxNumber().doubleValue()).isLessThan(1e-5);
  }

  @Test
  void pooledFeaturesComputeEveryLambdaInOnePassAndMatchPerLambdaExtraction(@TempDir Path dir) throws Exception {
    Path images = dir.resolve("imgs");
    Files.createDirectories(images);
    writeImage(images.resolve("a.png"), Color.RED, 40, 20);
    Files.writeString(images.resolve("b.jpg"), "broken");
    writeImage(images.resolve("c.png"), Color.BLUE, 64, 32);
    writeImage(images.resolve("d.png"), Color.GREEN, 33, 17);
    List<Path> files = Images.listImages(images);
    ExtractionConfig cfg = ExtractionConfig.defaults().withBatchSize(4).withSize(32, 16).withStages(false);
    FeatureExtractor fx = new FeatureExtractor(backbone, cfg);
    // Batch 4 with 3 λ: one image per forward pass, so the batch boundaries are exercised too.
    PooledFeatures pf = fx.pooledFeatures(images, files, 0, 0.5, 1);
    assertThat(pf.rows()).containsExactly(0, 2, 3);
    assertThat(pf.skipped()).isEqualTo(1);
    assertThat(pf.dimension()).isEqualTo(CONFIG.pooledDim());
    double[] lambdas = {0, 0.5, 1};
    for (int l = 0; l < lambdas.length; l++) {
      Path out = dir.resolve("out" + l);
      fx.extractFiles(images, files, SemanticWeightSpec.of(lambdas[l]), out);
      INDArray ref = Npy.read(out.resolve("pooled.npy"));
      INDArray got = Nd4j.createFromArray(pf.at(l));
      assertThat(got.sub(ref).amaxNumber().doubleValue()).as("λ %s", lambdas[l]).isLessThan(1e-5);
    }
    // λ changes the feature, so the rows really are per λ.
    assertThat(pf.at(0)[0]).isNotEqualTo(pf.at(2)[0]);
    assertThatThrownBy(() -> fx.pooledFeatures(images, files, 0.2, 1.5)).hasMessage("semantic weight 1.5 is outside [0, 1]");
  }

  @Test
  void badInputsAreNamed(@TempDir Path dir) throws Exception {
    FeatureExtractor fx = new FeatureExtractor(backbone, ExtractionConfig.defaults());
    Path npy = dir.resolve("wrong.npy");
    Npy.write(Nd4j.zeros(DataType.FLOAT, 2, 1, 8, 8), npy);
    assertThatThrownBy(() -> fx.extractArray(npy, SemanticWeightSpec.of(0.5), dir.resolve("o")))
        .hasMessageContaining("wrong.npy").hasMessageContaining("expected a (B, 3, H, W) array, found shape [2, 1, 8, 8]");
    Npy.write(Nd4j.zeros(DataType.INT, 2, 3, 8, 8), npy);
    assertThatThrownBy(() -> fx.extractArray(npy, SemanticWeightSpec.of(0.5), dir.resolve("o")))
        .hasMessageContaining("expected floating-point pixels, found INT");
    Npy.write(Nd4j.zeros(DataType.FLOAT, 2, 3, 8, 8), npy);
    assertThatThrownBy(() -> fx.extractArray(npy, SemanticWeightSpec.parse("0.1,0.2,0.3"), dir.resolve("o")))
        .hasMessageContaining("got 3 semantic weights for 2 images");
    Files.createDirectories(dir.resolve("empty"));
    assertThatThrownBy(() -> fx.extractFolder(dir.resolve("empty"), SemanticWeightSpec.of(0.5), dir.resolve("o")))
        .hasMessageContaining("no images found");
    Files.createDirectories(dir.resolve("broken"));
    Files.writeString(dir.resolve("broken/x.png"), "nope");
    assertThatThrownBy(() -> fx.extractFolder(dir.resolve("broken"), SemanticWeightSpec.of(0.5), dir.resolve("o2")))
        .hasMessageContaining("none of the 1 images could be decoded");
    // A failed run leaves no partial arrays behind.
    assertThat(Files.exists(dir.resolve("o2/pooled.npy"))).isFalse();
  }

  @Test
  void semanticWeightsAreParsedAndChecked() {
    assertThat(SemanticWeightSpec.parse("0.2").forItem(7)).isEqualTo(0.2);
    assertThat(SemanticWeightSpec.parse("0, 1").forItem(1)).isEqualTo(1.0);
    assertThatThrownBy(() -> SemanticWeightSpec.parse("0.2,abc")).hasMessageContaining("'abc' is not a number");
    assertThatThrownBy(() -> SemanticWeightSpec.parse("1.5")).hasMessageContaining("outside [0, 1]");
    assertThatThrownBy(() -> SemanticWeightSpec.parse("NaN")).hasMessageContaining("outside [0, 1]");
  }
}
