package io.solider.ssl.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.solider.ssl.Fixtures;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

class DinoLossTest {

  private static INDArray fx(String file) {
    return Fixtures.array("dino_loss", file);
  }

  private static DinoLoss fixtureLoss() {
    return new DinoLoss(DinoLossConfig.release(64, 4, 100));
  }

  @Test
  void lossAndCenterMatchTheReleaseOnBothRecordedSteps() {
    DinoLoss loss = fixtureLoss();
    for (int it = 0; it < 2; it++) {
      String p = "iter" + it + "_";
      assertThat(maxRel(loss.center(), fx(p + "center_before.npy"))).isLessThan(1e-5);
      INDArray s = fx(p + "student_output.npy");
      INDArray t = fx(p + "teacher_output.npy");
      double expected = fx(p + "loss.npy").getDouble(0);
      double value = loss.loss(s, t, 0);
      assertThat(Math.abs(value - expected) / Math.abs(expected)).as("loss step %d", it).isLessThan(1e-5);
      loss.updateCenter(t);
      assertThat(maxRel(loss.center(), fx(p + "center_after.npy"))).as("center step %d", it).isLessThan(1e-5);
    }
  }

  @Test
  void targetsGiveTheSameLossAsThePairwiseSum() {
    DinoLoss loss = fixtureLoss();
    INDArray s = fx("iter1_student_output.npy");
    INDArray t = fx("iter1_teacher_output.npy");
    loss.setCenter(fx("iter1_center_before.npy"));
    INDArray targets = loss.targets(t, 0).castTo(DataType.DOUBLE);
    INDArray logp = DinoLoss.logSoftmaxRows(s.castTo(DataType.DOUBLE).div(0.1));
    double viaTargets = -targets.mul(logp).sumNumber().doubleValue();
    assertThat(viaTargets).isCloseTo(fx("iter1_loss.npy").getDouble(0), within(54.2116 * 1e-5));
    // Each target row block sums to (number of teacher views pulling it) / (B · pairs).
    assertThat(targets.getRow(0).sumNumber().doubleValue()).isCloseTo(1.0 / (4 * 6), within(1e-6));
    assertThat(targets.getRow(8).sumNumber().doubleValue()).isCloseTo(2.0 / (4 * 6), within(1e-6));
  }

  @Test
  void centerIsEmaOfBatchMean() {
    DinoLoss loss = new DinoLoss(DinoLossConfig.release(3, 2, 1));
    INDArray t = Nd4j.createFromArray(new float[][] {{1, 2, 3}, {3, 4, 5}});
    loss.updateCenter(t);
    assertThat(loss.center().toFloatVector()).containsExactly(0.2f, 0.3f, 0.4f);
    loss.updateCenter(t);
    assertThat(loss.center().getFloat(0)).isCloseTo(0.9f * 0.2f + 0.2f, within(1e-6f));
  }

  @Test
  void teacherTemperatureWarmsUpLinearly() {
    DinoLoss loss = new DinoLoss(DinoLossConfig.release(4, 2, 10).withTeacherTemperature(0.04, 0.07, 4));
    assertThat(loss.teacherTemperature(0)).isCloseTo(0.04, within(1e-12));
    assertThat(loss.teacherTemperature(1)).isCloseTo(0.05, within(1e-12));
    assertThat(loss.teacherTemperature(3)).isCloseTo(0.07, within(1e-12));
    assertThat(loss.teacherTemperature(9)).isCloseTo(0.07, within(1e-12));
  }

  private static double maxRel(INDArray a, INDArray b) {
    INDArray d = Transforms.abs(a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE).reshape(a.shape())));
    double scale = Math.max(1e-6, Transforms.abs(b.castTo(DataType.DOUBLE)).maxNumber().doubleValue());
    return d.maxNumber().doubleValue() / scale;
  }
}
