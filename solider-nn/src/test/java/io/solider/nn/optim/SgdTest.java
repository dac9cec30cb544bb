package io.solider.nn.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Sgd against torch.optim.SGD(momentum=0.9) with two parameter groups (weights lr 0.1, "bias" lr
 * 0.2, weight decay 0.01 each), three steps. Expected values printed by torch 1.13
 * (solider-tasks/src/test/resources/reid/make_train_reference.py, "sgd").
 */
class SgdTest {

  private static final float[][] GRADS_W = {
    {0.3f, -0.2f, 0.1f, 1.0f, -0.5f, 0.25f},
    {-0.1f, 0.4f, 0.0f, 0.2f, 0.2f, -0.3f},
    {0.05f, 0.05f, 0.05f, -1.0f, 0.5f, 0.0f}};
  private static final float[][] GRADS_B = {{0.5f, -0.5f}, {0.25f, 0.0f}, {-0.1f, 0.3f}};
  private static final double[][] TORCH_W = {
    {0.46950000524520874, -0.9789999723434448, 1.9880000352859497, 0.1497499942779541, 0.05000000074505806,
        -0.7742500305175781},
    {0.4515804946422577, -0.9991209506988525, 1.9752119779586792, 0.03937523066997528, 0.07495000213384628,
        -0.7653007507324219},
    {0.4300013482570648, -1.021230697631836, 1.9567276239395142, 0.039998576045036316, 0.04733004793524742,
        -0.7564811110496521}};
  private static final double[][] TORCH_B = {
    {-0.00019999743381049484, -0.09960000962018967},
    {-0.14037959277629852, -0.009040817618370056},
    {-0.24626047909259796, 0.012480536475777626}};

  @Test
  void threeStepsMatchTorchSgdWithMomentumAndWeightDecay() {
    INDArray w = Nd4j.create(new float[] {0.5f, -1f, 2f, 0.25f, 0f, -0.75f}, new long[] {2, 3}, 'c');
    INDArray b = Nd4j.create(new float[] {0.1f, -0.2f}, new long[] {2}, 'c');
    Sgd sgd = new Sgd(0.9);
    for (int s = 0; s < 3; s++) {
      sgd.step("w", w, Nd4j.create(GRADS_W[s], new long[] {2, 3}, 'c'), 0.1, 0.01);
      sgd.step("b", b, Nd4j.create(GRADS_B[s], new long[] {2}, 'c'), 0.2, 0.01);
      float[] wv = w.dup().data().asFloat();
      float[] bv = b.dup().data().asFloat();
      for (int i = 0; i < 6; i++) {
        assertThat((double) wv[i]).as("step %d w[%d]", s, i).isCloseTo(TORCH_W[s][i],
            org.assertj.core.data.Offset.offset(2e-7));
      }
      for (int i = 0; i < 2; i++) {
        assertThat((double) bv[i]).as("step %d b[%d]", s, i).isCloseTo(TORCH_B[s][i],
            org.assertj.core.data.Offset.offset(2e-7));
      }
    }
  }

  @Test
  void firstStepIsPlainGradientWithDecayAndLaterStepsAccumulateMomentum() {
    // Hand: p0 = 1, g = 0.5, wd = 0.1, lr = 0.2, m = 0.9.
    // step 1: d = 0.5 + 0.1 = 0.6, buf = 0.6, p = 1 − 0.12 = 0.88
    // step 2: d = 0.5 + 0.088 = 0.588, buf = 0.54 + 0.588 = 1.128, p = 0.88 − 0.2256 = 0.6544
    INDArray p = Nd4j.createFromArray(1f);
    Sgd sgd = new Sgd(0.9);
    sgd.step("p", p, Nd4j.createFromArray(0.5f), 0.2, 0.1);
    assertThat(p.getDouble(0)).isCloseTo(0.88, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(sgd.buffers().get("p").getDouble(0)).isCloseTo(0.6, org.assertj.core.data.Offset.offset(1e-6));
    sgd.step("p", p, Nd4j.createFromArray(0.5f), 0.2, 0.1);
    assertThat(p.getDouble(0)).isCloseTo(0.6544, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(sgd.buffers().get("p").getDouble(0)).isCloseTo(1.128, org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void restoredBufferContinuesExactly() {
    INDArray a = Nd4j.createFromArray(1f, 2f);
    INDArray b = a.dup();
    Sgd s1 = new Sgd(0.9);
    s1.step("p", a, Nd4j.createFromArray(0.3f, -0.1f), 0.1, 0.01);
    Sgd s2 = new Sgd(0.9);
    s2.step("p", b, Nd4j.createFromArray(0.3f, -0.1f), 0.1, 0.01);
    Sgd s3 = new Sgd(0.9);
    s3.restore("p", s2.buffers().get("p"));
    s1.step("p", a, Nd4j.createFromArray(0.2f, 0.2f), 0.1, 0.01);
    s3.step("p", b, Nd4j.createFromArray(0.2f, 0.2f), 0.1, 0.01);
    assertThat(b.toFloatVector()).containsExactly(a.toFloatVector());
  }

  @Test
  void rejectsAGradientOfAnotherShapeAndBadMomentum() {
    Sgd sgd = new Sgd(0.9);
    assertThatThrownBy(() -> sgd.step("w", Nd4j.zeros(2, 3), Nd4j.zeros(3, 2), 0.1, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("w: gradient shape [3, 2]");
    assertThatThrownBy(() -> new Sgd(1.0)).hasMessageContaining("momentum must be in [0, 1)");
  }
}
