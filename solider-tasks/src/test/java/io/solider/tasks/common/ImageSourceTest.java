package io.solider.tasks.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.solider.nn.image.ImageNormalization;
import io.solider.tasks.synth.ImageFiles;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageSourceTest {

  @TempDir Path dir;

  @Test
  void corruptTruncatedAndMissingImagesAreSkippedAndCounted() throws Exception {
    Path good = dir.resolve("good.jpg");
    ImageFiles.writeJpeg(new BufferedImage(8, 16, BufferedImage.TYPE_INT_RGB), good);
    Path garbage = dir.resolve("garbage.jpg");
    Files.writeString(garbage, "not an image");
    Path truncated = dir.resolve("truncated.png");
    ImageFiles.writePng(new BufferedImage(8, 16, BufferedImage.TYPE_INT_RGB), truncated);
    byte[] b = Files.readAllBytes(truncated);
    Files.write(truncated, java.util.Arrays.copyOf(b, 20));
    Path missing = dir.resolve("missing.jpg");

    ImageSource src = new ImageSource();
    ImageSource.Batch batch = src.loadBatch(List.of(garbage, good, truncated, missing), 16, 8, ImageNormalization.half());

    assertThat(batch.kept()).containsExactly(1);
    assertThat(batch.images().shape()).containsExactly(1, 3, 16, 8);
    assertThat(src.skipped().count()).isEqualTo(3);
    assertThat(src.skipped().list()).extracting(SkippedImages.Skipped::file).containsExactly(garbage, truncated, missing);
    assertThat(src.skipped().toString()).startsWith("3 unreadable image(s) skipped");
  }
}
