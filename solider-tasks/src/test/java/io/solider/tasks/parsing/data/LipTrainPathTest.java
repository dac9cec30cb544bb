package io.solider.tasks.parsing.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.solider.tasks.common.ImageSource;
import io.solider.tasks.synth.SynthConfig;
import io.solider.tasks.synth.SyntheticGenerator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** From the LIP layout on disk to a training batch: reader, transform, edge targets, stacking. */
class LipTrainPathTest {

  @TempDir Path root;

  @Test
  void syntheticLipBecomesABatchWithEdges() throws Exception {
    new SyntheticGenerator(SynthConfig.tiny(3)).generate(root);
    List<ParsingSample> train = Lip.read(root.resolve("lip"), "train");
    LipTrainTransform t = new LipTrainTransform(LipTrainTransform.Config.release().withCrop(72, 48));
    ImageSource images = new ImageSource();
    SplittableRandom rng = new SplittableRandom(1);
    List<LipTrainTransform.Sample> samples = new ArrayList<>();
    for (ParsingSample s : train.subList(0, 4)) {
      samples.add(t.apply(Lip.load(s, images).orElseThrow(), t.draw(rng)));
    }
    ParsingBatch b = ParsingBatch.of(samples, 72, 48);
    assertThat(b.size()).isEqualTo(4);
    assertThat(java.util.Arrays.stream(b.labels()).allMatch(v -> v < 20 || v == 255)).isTrue();
    assertThat(b.labels()).contains(0, 5, 255); // background, upper clothes, and border/ignored pixels
    int[] edges = EdgeTargets.generate(b.labels(), 4, 72, 48);
    long edgePixels = java.util.Arrays.stream(edges).filter(e -> e == 1).count();
    assertThat(edgePixels).isBetween(1L, (long) edges.length / 2);
    try (var arr = b.imageArray()) {
      assertThat(arr.shape()).containsExactly(4, 3, 72, 48);
    }
  }
}
