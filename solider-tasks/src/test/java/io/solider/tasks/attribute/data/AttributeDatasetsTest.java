package io.solider.tasks.attribute.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.solider.tasks.common.DatasetFormatException;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttributeDatasetsTest {

  @TempDir Path root;

  private void image(Path file, int h, int w) throws Exception {
    Files.createDirectories(file.getParent());
    ImageIO.write(new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB), "png", file.toFile());
  }

  @Test
  void csvLayoutWithImagesUnderDataGivesBatches() throws Exception {
    image(root.resolve("data/a.png"), 90, 40);
    image(root.resolve("data/b.png"), 120, 50);
    Files.writeString(root.resolve("train.csv"), "image,hat,bag\na.png,1,0\nb.png,0,1\n");
    Files.writeString(root.resolve("test.csv"), "image,hat,bag\nb.png,1,1\n");
    AttributeDataset ds = AttributeDatasets.read(root);
    assertThat(ds.attributes()).containsExactly("hat", "bag");
    assertThat(ds.trainval()).hasSize(2);
    assertThat(ds.val()).isEmpty();
    AttributeExamples ex = new AttributeExamples(ds.train(), AttributeTransform.of(64, 32), true);
    List<AttributeExamples.Example> loaded = new ArrayList<>();
    for (int i = 0; i < ex.size(); i++) {
      loaded.add(ex.load(i, new SplittableRandom(i)).orElseThrow());
    }
    AttributeExamples.Batch b = ex.stack(loaded);
    assertThat(b.images().shape()).containsExactly(2, 3, 64, 32);
    assertThat(b.labels()).containsExactly(1, 0, 0, 1);
    assertThat(b.indices()).containsExactly(0, 1);
  }

  @Test
  void syntheticPa100kReadsFromItsMatFileAndGivesBatchesInTheReleaseOrder() throws Exception {
    new io.solider.tasks.synth.SyntheticGenerator(io.solider.tasks.synth.SynthConfig.tiny(3)).generate(root);
    AttributeDataset mat = AttributeDatasets.read(root.resolve("pa100k"));
    assertThat(mat.attributes()).isEqualTo(Pa100kAttributes.NAMES);
    AttributeDataset csv = AttributeDatasets.read(copyWithoutMat(root.resolve("pa100k")));
    assertThat(csv.attributes()).isEqualTo(mat.attributes());
    assertThat(csv.test()).usingRecursiveFieldByFieldElementComparatorIgnoringFields("image").isEqualTo(mat.test());
    AttributeDataset release = mat.withAttributeOrder(Pa100kAttributes.releaseOrder());
    AttributeExamples ex = new AttributeExamples(release.trainval(), AttributeTransform.release(), true);
    List<AttributeExamples.Example> loaded = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      loaded.add(ex.load(i, new SplittableRandom(i)).orElseThrow());
    }
    AttributeExamples.Batch b = ex.stack(loaded);
    assertThat(b.images().shape()).containsExactly(4, 3, 256, 128);
    assertThat(b.labels()).hasSize(4 * 26);
    // Output 0 of the release's models is Hat, column 7 of annotation.mat.
    assertThat(b.labels()[26]).isEqualTo((float) mat.trainval().get(1).labels()[7]);
  }

  private static Path copyWithoutMat(Path dir) throws Exception {
    Path copy = dir.resolveSibling("pa100k_csv");
    Files.createDirectories(copy);
    for (String f : List.of("train.csv", "val.csv", "test.csv")) {
      Files.copy(dir.resolve(f), copy.resolve(f));
    }
    Files.createSymbolicLink(copy.resolve("data"), dir.resolve("data"));
    return copy;
  }

  @Test
  void unreadableImagesAreSkippedAndCounted() throws Exception {
    image(root.resolve("a.png"), 90, 40);
    Files.writeString(root.resolve("train.csv"), "image,hat\na.png,1\nmissing.png,0\n");
    Files.writeString(root.resolve("test.csv"), "image,hat\na.png,1\n");
    AttributeExamples ex = new AttributeExamples(AttributeDatasets.read(root).train(), AttributeTransform.release(), false);
    assertThat(ex.load(0, null)).isPresent();
    assertThat(ex.load(1, null)).isEmpty();
    assertThat(ex.skipped().count()).isEqualTo(1);
  }

  @Test
  void csvSplitsMustShareTheirAttributes() throws Exception {
    Files.writeString(root.resolve("train.csv"), "image,hat,bag\n");
    Files.writeString(root.resolve("test.csv"), "image,hat\n");
    assertThatThrownBy(() -> AttributeDatasets.read(root)).isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("test.csv").hasMessageContaining("differ from train.csv");
  }

  @Test
  void aFolderOfNeitherLayoutIsRefused() {
    assertThatThrownBy(() -> AttributeDatasets.read(root)).isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("neither annotation.mat");
  }

  @Test
  void releaseOrderPutsHatFirstAndKeepsEveryAttribute() {
    int[] order = Pa100kAttributes.releaseOrder();
    AttributeSample s = new AttributeSample(Path.of("x.jpg"), java.util.stream.IntStream.range(0, 26).toArray());
    AttributeDataset ds = new AttributeDataset("pa100k", Pa100kAttributes.NAMES, List.of(s), List.of(), List.of());
    AttributeDataset r = ds.withAttributeOrder(order);
    assertThat(r.attributes().get(0)).isEqualTo("Hat");
    assertThat(r.attributes()).containsExactlyInAnyOrderElementsOf(Pa100kAttributes.NAMES);
    assertThat(r.train().get(0).labels()).containsExactly(order);
    assertThatThrownBy(() -> ds.withAttributeOrder(new int[] {0, 0})).hasMessageContaining("distinct");
  }
}
