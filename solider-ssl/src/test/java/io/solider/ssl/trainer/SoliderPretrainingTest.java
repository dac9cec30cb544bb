package io.solider.ssl.trainer;

import io.solider.nn.train.Position;
import static org.assertj.core.api.Assertions.assertThat;

import io.solider.ssl.augment.MultiCropBatch;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class SoliderPretrainingTest {

  @Test
  void stepRunsAndUpdatesStudentTeacherAndCenter() {
    PretrainConfig cfg = Tiny.config();
    SoliderPretraining run = SoliderPretraining.create(cfg, 3);
    Map<String, INDArray> student = run.student().parameters();
    INDArray before = student.get("backbone.patch_embed.projection.weight").dup();
    INDArray lastBefore = student.get("head.last_layer.weight_v").dup();
    INDArray teacherBefore = run.teacher().parameters().get("backbone.patch_embed.projection.weight").dup();
    MultiCropBatch batch = Tiny.batch(cfg, 2, 1);
    StepStats s0 = run.step(batch, new Position(0, 0, 0));
    StepStats s1 = run.step(batch, new Position(0, 1, 1));
    assertThat(s0.dinoLoss()).isFinite().isPositive();
    assertThat(s1.dinoLoss()).isFinite();
    // lr is 0 at iteration 0 (warm-up), so only the second step moves the student.
    assertThat(student.get("backbone.patch_embed.projection.weight").equalsWithEps(before, 1e-9)).isFalse();
    assertThat(student.get("head.last_layer.weight_v").equalsWithEps(lastBefore, 0)).as("last layer frozen in epoch 0")
        .isTrue();
    assertThat(run.teacher().parameters().get("backbone.patch_embed.projection.weight")
        .equalsWithEps(teacherBefore, 1e-9)).isFalse();
    assertThat(run.dinoLoss().center().norm2Number().doubleValue()).isPositive();
    assertThat(run.optimizer().steps().get("backbone.patch_embed.projection.weight")).isEqualTo(2);
    assertThat(run.optimizer().steps()).doesNotContainKey("head.last_layer.weight_v");
  }
}
