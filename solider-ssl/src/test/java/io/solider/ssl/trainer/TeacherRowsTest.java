package io.solider.ssl.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.solider.ssl.augment.MultiCropBatch;
import io.solider.ssl.cluster.SemanticClustering;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The step's teacher runs the λ = 1 rows and only the views whose drawn λ is not 1 again (DINO
 * only: the drawn-λ rows alone); its targets and clusters must equal those of the release's two
 * full passes over all 2B views (λ = 1 maps, drawn-λ logits).
 */
class TeacherRowsTest {

  private static final Logger log = LoggerFactory.getLogger(TeacherRowsTest.class);

  @Test
  void targetsAndClustersEqualTwoFullTeacherPasses() {
    PretrainConfig cfg = Tiny.config();
    SoliderPretraining run = SoliderPretraining.create(cfg, 4);
    int b = 4;
    boolean mixed = false;
    double worst = 0;
    for (int it = 0; it < 3; it++) {
      MultiCropBatch batch = Tiny.batch(cfg, b, 20 + it);
      SoliderPretraining.StepInputs in = run.prepare(batch, it, 0);
      SplittableRandom rng = run.stepRandom(it);
      float[] lambda2 = drawnLambdas(rng, b);
      mixed |= contains(lambda2, 0f) && contains(lambda2, 1f);
      INDArray globals = Nd4j.concat(0, batch.global1(), batch.global2());
      float[] ones = new float[2 * b];
      Arrays.fill(ones, 1f);
      TeacherGraph.Outputs full = run.teacher().forward(Nd4j.concat(0, globals, globals),
          Nd4j.concat(0, SoliderPretraining.semanticRows(ones), SoliderPretraining.semanticRows(lambda2)));
      INDArray logits = full.logits().get(NDArrayIndex.interval(2 * b, 4 * b));
      worst = Math.max(worst, Transforms.abs(in.teacherLogits.sub(logits)).maxNumber().doubleValue());
      SemanticClustering.Masks masks = SemanticClustering.of(cfg.semantic().parts())
          .masks(full.lastStage().get(NDArrayIndex.interval(0, 2 * b)).dup(), rng);
      assertThat(in.masks.kept()).containsExactly(masks.kept());
      assertThat(in.masks.labels()).isDeepEqualTo(masks.labels());
      in.close();
    }
    log.info("worst absolute difference of the teacher logits: {}", worst);
    assertThat(mixed).as("some step draws both λ = 0 and λ = 1").isTrue();
    // Measured 4.2e-7 (logits of order 1): the rows run in a batch of another size, so the
    // matrix products may round differently in the last bit.
    assertThat(worst).isLessThanOrEqualTo(1e-6);
  }

  @Test
  void dinoOnlyTargetsEqualTheFullPass() {
    PretrainConfig cfg = Tiny.config().toBuilder().dinoOnly(0.5).build();
    SoliderPretraining run = SoliderPretraining.create(cfg, 2);
    int b = 2;
    MultiCropBatch batch = Tiny.batch(cfg, b, 7);
    SoliderPretraining.StepInputs in = run.prepare(batch, 0, 0);
    float[] half = new float[2 * b];
    Arrays.fill(half, 0.5f);
    INDArray globals = Nd4j.concat(0, batch.global1(), batch.global2());
    INDArray logits = run.teacher().forward(Nd4j.concat(0, globals, globals),
        Nd4j.concat(0, SoliderPretraining.semanticRows(new float[2 * b]), SoliderPretraining.semanticRows(half)))
        .logits().get(NDArrayIndex.interval(2 * b, 4 * b));
    double worst = Transforms.abs(in.teacherLogits.sub(logits)).maxNumber().doubleValue();
    log.info("DINO only: worst absolute difference of the teacher logits: {}", worst);
    assertThat(in.kept).isZero();
    assertThat(worst).isLessThanOrEqualTo(1e-6); // measured 0.0

    in.close();
  }

  /** The step's λ draws: one per image, shared by its two global views. */
  private static float[] drawnLambdas(SplittableRandom rng, int b) {
    float[] lambda2 = new float[2 * b];
    for (int j = 0; j < b; j++) {
      lambda2[j] = rng.nextInt(2);
      lambda2[j + b] = lambda2[j];
    }
    return lambda2;
  }

  private static boolean contains(float[] v, float x) {
    for (float f : v) {
      if (f == x) {
        return true;
      }
    }
    return false;
  }
}
