package io.solider.ssl.augment;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MultiCropLoaderTest {

  private static final MultiCropConfig CROPS = MultiCropConfig.release().withSizes(64, 32, 32, 16).withLocalCrops(2);

  @Test
  void batchesHaveTheViewShapesAndAreDeterministicFromTheSeed(@TempDir Path dir) throws Exception {
    List<Path> files = SyntheticPeople.writeFolder(dir, 7, 96, 48, 1);
    MultiCropBatch a;
    MultiCropBatch b;
    try (MultiCropLoader one = new MultiCropLoader(files, CROPS, 3, 3, 2, 42);
        MultiCropLoader two = new MultiCropLoader(files, CROPS, 3, 1, 1, 42)) {
      assertThat(one.batchesPerEpoch()).isEqualTo(2);
      Iterator<MultiCropBatch> it = one.epoch(1, 0);
      it.next();
      a = it.next();
      assertThat(it.hasNext()).isFalse();
      b = two.epoch(1, 1).next();
    }
    assertThat(a.global1().shape()).containsExactly(3, 3, 64, 32);
    assertThat(a.locals().shape()).containsExactly(6, 3, 32, 16);
    assertThat(a.indices()).containsExactly(b.indices());
    assertThat(a.global1().equalsWithEps(b.global1(), 0)).isTrue();
    assertThat(a.global2().equalsWithEps(b.global2(), 0)).isTrue();
    assertThat(a.locals().equalsWithEps(b.locals(), 0)).isTrue();
  }

  @Test
  void epochsAreShuffledDifferently(@TempDir Path dir) throws Exception {
    List<Path> files = SyntheticPeople.writeFolder(dir, 20, 32, 16, 2);
    try (MultiCropLoader l = new MultiCropLoader(files, CROPS, 4, 1, 1, 5)) {
      assertThat(l.order(0)).isNotEqualTo(l.order(1)).containsExactlyInAnyOrder(l.order(1));
    }
  }

  @Test
  void randomResizedCropRespectsScaleAndAspectRanges() {
    BufferedImage img = SyntheticPeople.draw(256, 128, new SplittableRandom(3)).image();
    SplittableRandom rng = new SplittableRandom(9);
    for (int i = 0; i < 50; i++) {
      BufferedImage out = MultiCropAugmentation.resizedCrop(img, rng, 64, 32, 0.05, 0.8, 0.4, 0.6);
      assertThat(out.getHeight()).isEqualTo(64);
      assertThat(out.getWidth()).isEqualTo(32);
    }
  }

  @Test
  void solarizeInvertsBrightPixelsOnly() {
    float[][] px = {{0.2f, 0.9f}, {0.5f, 0.6f}, {0.0f, 1.0f}};
    MultiCropAugmentation.solarize(px);
    assertThat(px[0][0]).isEqualTo(0.2f);
    assertThat(px[0][1]).isCloseTo(0.1f, org.assertj.core.api.Assertions.within(1e-6f));
    assertThat(px[2][1]).isEqualTo(0f);
  }
}
