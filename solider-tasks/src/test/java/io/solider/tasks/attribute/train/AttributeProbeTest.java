package io.solider.tasks.attribute.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.solider.nn.backbone.RecomputingBackbone;
import io.solider.nn.train.EvaluationPlan;
import io.solider.nn.train.RunFolder;
import io.solider.nn.train.TrainingOptions;
import io.solider.nn.train.TrainingResult;
import io.solider.tasks.attribute.data.AttributeDataset;
import io.solider.tasks.attribute.data.AttributeDatasets;
import io.solider.tasks.attribute.data.Pa100kAttributes;
import io.solider.tasks.attribute.head.AttributeHead;
import io.solider.tasks.synth.SynthConfig;
import io.solider.tasks.synth.SyntheticGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The linear probe on cached features against the trainer's linear probe (frozen backbone, no
 * augmentation) on the tiny synthetic PA-100K set: the same configuration must give the same
 * steps, test passes, plateau reductions and kept model; only the backbone's pass is done once.
 */
class AttributeProbeTest {

  @TempDir static Path tmp;
  static AttributeDataset data;
  /** Frozen backbone, no augmentation, 3 epochs, patience 0 (the plateau fires). */
  static AttributeTrainConfig config;
  static TrainingResult<AttributeTraining, AttributeStepStats> uncached;
  static AttributeProbe.Result cached;

  @BeforeAll
  static void trainBoth() throws Exception {
    new SyntheticGenerator(SynthConfig.tiny(7)).generate(tmp.resolve("synth"));
    data = AttributeDatasets.read(tmp.resolve("synth/pa100k"));
    config = AttributeTrainerTest.tinyConfig().toBuilder().trainBackbone(false)
        .augmentation(new AttributeTrainConfig.Augmentation(0, 0)).build();
    uncached = new AttributeTrainer(config, TrainingOptions.builder(tmp.resolve("uncached")).workers(2).build(),
        EvaluationPlan.none()).train(data);
    cached = new AttributeProbe(config, tmp.resolve("cached"), List.of("test")).run(data);
  }

  @Test
  void equalsTheTrainersProbeWithoutAugmentation() {
    List<AttributeStepStats> steps = uncached.steps();
    assertThat(steps).hasSize(18); // 27 images, batches of 4 (3 dropped), 3 epochs
    assertThat(cached.epochs()).hasSize(3);
    for (AttributeProbe.Epoch e : cached.epochs()) {
      double mean = steps.stream().filter(s -> s.position().epoch() == e.epoch())
          .mapToDouble(AttributeStepStats::loss).average().orElseThrow();
      // the means are summed in another order (DoubleStream compensates); the steps themselves are equal
      assertThat(e.loss()).as("epoch %d", e.epoch()).isCloseTo(mean, within(1e-12 * mean));
    }
    AttributeTraining a = uncached.run();
    AttributeTraining b = cached.run();
    // the plateau fired (patience 0), at the same epochs: the test losses agree
    assertThat(a.plateau().lr(AttributeTraining.HEAD_GROUP)).isLessThan(1e-2);
    assertThat(b.plateau().state().lrs()).containsExactly(a.plateau().state().lrs());
    assertThat(b.plateau().state().best()).isEqualTo(a.plateau().state().best());
    assertThat(b.best().epoch()).isEqualTo(a.best().epoch());
    assertThat(b.best().value()).isEqualTo(a.best().value());
    assertThat(b.lastTest().evaluation().mA()).isEqualTo(a.lastTest().evaluation().mA());
    // bit for bit: an image's pooled feature does not depend on the batch it is computed in, so
    // the cached features are the trainer's, and every step after them is the same arithmetic
    for (String k : List.of(AttributeHead.WEIGHT, AttributeHead.BIAS)) {
      assertThat(AttributeTrainerTest.values(b.model().stateDict().get(k))).as(k)
          .containsExactly(AttributeTrainerTest.values(a.model().stateDict().get(k)));
    }
    assertThat(b.optimizer().steps().get(AttributeHead.WEIGHT)).isEqualTo(18L);
  }

  @Test
  void writesTheModelsAndPerEpochLog() throws Exception {
    Path out = tmp.resolve("cached");
    AttributeModel best = AttributeModel.load(out.resolve(AttributeTraining.BEST_MODEL));
    AttributePredictor p = new AttributePredictor(new RecomputingBackbone(best.backbone(), 64, 32), best.head(), 0.8,
        4);
    AttributeDataset ordered = Pa100kAttributes.inReleaseOrder(data);
    // the kept model is the best epoch's, not the last's
    assertThat(p.predict(ordered.test(), cached.run().transform(), null, "best").evaluate().mA())
        .isEqualTo(cached.run().best().value());
    assertThat(AttributeModel.load(out.resolve(AttributeTraining.MODEL)).head().stateDict().get(AttributeHead.BIAS))
        .isEqualTo(cached.run().model().head().stateDict().get(AttributeHead.BIAS));
    ObjectMapper json = new ObjectMapper();
    assertThat(json.readTree(out.resolve(RunFolder.METRICS).toFile()).get("mA").asDouble())
        .isEqualTo(cached.last().mA());
    assertThat(json.readTree(out.resolve(RunFolder.METRICS_INITIAL).toFile()).get("epoch").asInt()).isEqualTo(-1);
    List<String> lines = Files.readAllLines(out.resolve(RunFolder.LOG));
    assertThat(lines).hasSize(3);
    JsonNode last = json.readTree(lines.get(2));
    assertThat(last.get("test_loss").asDouble()).isEqualTo(cached.epochs().get(2).testLoss());
    assertThat(last.get("lr_head").asDouble()).isEqualTo(cached.epochs().get(2).headLr());
    assertThat(Files.readAllLines(out.resolve(AttributeNames.FILE))).isEqualTo(cached.run().attributes());
  }

  @Test
  void refusesAugmentationAndATrainedBackbone() {
    assertThatThrownBy(() -> new AttributeProbe(AttributeTrainerTest.tinyConfig().toBuilder().trainBackbone(false)
        .build(), tmp.resolve("x"), List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sees no augmentation")
        .hasMessageContaining("padding 10");
    assertThatThrownBy(() -> new AttributeProbe(config.toBuilder().trainBackbone(true).build(), tmp.resolve("x"),
        List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trains the backbone");
    assertThatThrownBy(() -> new AttributeProbe(config.toBuilder().batchSize(64).build(), tmp.resolve("y"), List.of())
        .run(data)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fewer than one batch of 64");
  }
}
