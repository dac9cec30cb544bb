package io.solider.ssl.trainer;

import io.solider.nn.train.Position;
import static org.assertj.core.api.Assertions.assertThat;

import io.solider.ssl.augment.MultiCropBatch;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The recomputing student gives the whole graph's losses, gradients and training steps. */
class RecomputingStudentTest {

  private static final Logger log = LoggerFactory.getLogger(RecomputingStudentTest.class);

  @Test
  void lossesAndEveryGradientEqualTheWholeGraph() {
    PretrainConfig cfg = Tiny.config().toBuilder().trainPartClassifier(true).build();
    SoliderPretraining whole = SoliderPretraining.create(cfg, 3, false);
    SoliderPretraining recomputed = SoliderPretraining.create(cfg, 3, true);
    assertThat(recomputed.student().parameters().keySet())
        .containsExactlyInAnyOrderElementsOf(whole.student().parameters().keySet());
    MultiCropBatch batch = Tiny.batch(cfg, 2, 5);
    SoliderPretraining.StepInputs in = null;
    for (long it = 0; it < 20; it++) {
      in = whole.prepare(batch, it, 0);
      if (in.kept > 0 && in.placeholders.get(StudentGraph.PART_WEIGHTS).sumNumber().doubleValue() > 0) {
        break;
      }
    }
    assertThat(in.kept).as("some view kept, so the semantic path is compared too").isPositive();
    List<String> names = whole.student().trainable(true);
    Student.Step a = whole.student().lossAndGradients(in.placeholders, names);
    Student.Step b = recomputed.student().lossAndGradients(in.placeholders, names);
    assertThat(b.dinoLoss()).isCloseTo(a.dinoLoss(), org.assertj.core.data.Offset.offset(1e-5 * Math.abs(a.dinoLoss())));
    assertThat(b.semanticLoss()).isPositive()
        .isCloseTo(a.semanticLoss(), org.assertj.core.data.Offset.offset(1e-5 * Math.abs(a.semanticLoss())));
    assertThat(b.gradients().keySet()).as("the same parameters get a gradient")
        .containsExactlyInAnyOrderElementsOf(a.gradients().keySet());
    double worst = 0;
    for (Map.Entry<String, INDArray> e : a.gradients().entrySet()) {
      INDArray ga = e.getValue();
      INDArray gb = b.gradients().get(e.getKey());
      double scale = ga.norm2Number().doubleValue();
      double err = ga.sub(gb).norm2Number().doubleValue() / Math.max(scale, 1e-12);
      assertThat(scale).as("%s has a gradient", e.getKey()).isGreaterThan(0);
      worst = Math.max(worst, err);
      assertThat(err).as("relative error of d loss / d %s", e.getKey()).isLessThan(1e-5);
    }
    log.info("{} gradients, worst relative error {}", a.gradients().size(), worst);
    in.close();
  }

  @Test
  void trainingStepsEqualTheWholeGraph() {
    PretrainConfig cfg = Tiny.config();
    SoliderPretraining whole = SoliderPretraining.create(cfg, 2, false);
    SoliderPretraining recomputed = SoliderPretraining.create(cfg, 2, true);
    for (int it = 0; it < 3; it++) {
      MultiCropBatch batch = Tiny.batch(cfg, 2, 20 + it);
      StepStats a = whole.step(batch, new Position(it / 2, it % 2, it));
      StepStats b = recomputed.step(batch, new Position(it / 2, it % 2, it));
      assertThat(b.kept()).isEqualTo(a.kept());
      assertThat(b.dinoLoss()).isCloseTo(a.dinoLoss(), org.assertj.core.data.Offset.offset(1e-4));
      assertThat(b.semanticLoss()).isCloseTo(a.semanticLoss(), org.assertj.core.data.Offset.offset(1e-4));
    }
    Map<String, INDArray> pa = whole.student().parameters();
    Map<String, INDArray> pb = recomputed.student().parameters();
    for (String k : pa.keySet()) {
      double diff = pa.get(k).sub(pb.get(k)).amaxNumber().doubleValue();
      assertThat(diff).as("parameter %s after 3 steps", k).isLessThan(1e-4);
    }
  }
}
