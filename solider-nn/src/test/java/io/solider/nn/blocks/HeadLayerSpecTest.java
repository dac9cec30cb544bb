package io.solider.nn.blocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.solider.nn.backbone.RandomParameters;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Shapes, keys, initialisers and the running-statistics rule of the head layers. */
class HeadLayerSpecTest {

  @Test
  void transposedConvolutionSizesAreTorchs() {
    assertThat(ConvTranspose2d.Spec.of(768, 256, 4, 2, 1).outputSize(48)).isEqualTo(96); // pose head
    assertThat(ConvTranspose2d.Spec.of(384, 256, 4, 4, 0).outputSize(64)).isEqualTo(256); // CSP neck
    assertThat(Conv2d.Spec.of(768, 256, 3).withPadding(1).outputSize(37)).isEqualTo(37);
    assertThat(Conv2d.Spec.of(8, 4, 3).outputSize(7)).isEqualTo(5);
  }

  /** torch takes fan_in from the weight's second axis: in·k² for Conv2d, out·k² for ConvTranspose2d. */
  @Test
  void defaultInitialisersUseTorchsFanIn() {
    assertThat(Conv2d.Spec.of(256, 17, 3).weightInit()).isEqualTo(ParamInit.convDefault(256 * 9));
    assertThat(ConvTranspose2d.Spec.of(768, 256, 4, 2, 1).weightInit()).isEqualTo(ParamInit.convDefault(256 * 16));
    assertThat(ConvTranspose2d.Spec.of(768, 256, 4, 2, 1).withNormalInit(0.001, 0).weightInit())
        .isEqualTo(ParamInit.normal(0.001));
  }

  @Test
  void badSpecsAreRefused() {
    assertThatThrownBy(() -> Conv2d.Spec.of(0, 4, 3)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ConvTranspose2d.Spec.of(4, 4, 2, 2, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("padding");
    SameDiff sd = SameDiff.create();
    ParamFactory p = new ParamFactory(sd, new RandomParameters(1));
    assertThatThrownBy(() -> new GroupNorm(p, 32, 48, 1e-5)).hasMessageContaining("divisible");
  }

  @Test
  void parametersAreNamedAndShapedAsTorchsStateDict() {
    ParameterStore store = ParameterStore.initialized(new RandomParameters(3));
    SameDiff sd = SameDiff.create();
    ParamFactory p = new ParamFactory(sd, store).child("neck");
    new ConvTranspose2d(p.child("p3"), ConvTranspose2d.Spec.of(6, 4, 4, 4, 0));
    new L2Norm(p.child("p3_l2"), 4, 10);
    new Conv2d(p.child("cls"), Conv2d.Spec.of(4, 1, 3).withPadding(1).withNormalInit(0.01, -4.595));
    new Scale(p.child("reg_scale"), 1.0);
    new BatchNorm(p.child("bn"), 4, false);
    Map<String, INDArray> s = store.state();
    assertThat(s.keySet()).containsExactly("neck.p3.weight", "neck.p3.bias", "neck.p3_l2.weight", "neck.cls.weight",
        "neck.cls.bias", "neck.reg_scale.scale", "neck.bn.weight", "neck.bn.bias", "neck.bn.running_mean",
        "neck.bn.running_var");
    assertThat(s.get("neck.p3.weight").shape()).containsExactly(6, 4, 4, 4);
    assertThat(s.get("neck.reg_scale.scale").rank()).isZero();
    assertThat(s.get("neck.reg_scale.scale").getDouble(0)).isEqualTo(1.0);
    assertThat(s.get("neck.p3_l2.weight").minNumber().doubleValue()).isEqualTo(10.0);
    assertThat(s.get("neck.cls.bias").getDouble(0)).isCloseTo(-4.595, within(1e-6));
    assertThat(s.get("neck.bn.running_var").minNumber().doubleValue()).isEqualTo(1.0);
    assertThat(sd.getVariable("neck.bn.running_mean").isConstant()).isTrue();
  }

  @Test
  void normalInitialisationHasTheRequestedSpread() {
    INDArray w = new RandomParameters(5).get("w", ParamInit.normal(0.01), 256, 768, 3, 3);
    assertThat(w.meanNumber().doubleValue()).isCloseTo(0, within(2e-5));
    assertThat(w.stdNumber().doubleValue()).isCloseTo(0.01, within(1e-4));
    assertThat(w.amaxNumber().doubleValue()).isGreaterThan(0.045); // not truncated at 2σ
  }

  @Test
  void runningStatisticsFollowTorchsMomentumAndCumulativeRules() {
    INDArray mean = Nd4j.createFromArray(1f, 2f);
    INDArray var = Nd4j.createFromArray(1f, 1f);
    INDArray n = Nd4j.scalar(DataType.LONG, 0L);
    RunningStatistics.update(mean, var, n, Nd4j.createFromArray(3f, 2f), Nd4j.createFromArray(5f, 1f), 0.1);
    assertThat(mean.toFloatVector()).containsExactly(1.2f, 2f);
    assertThat(var.toFloatVector()[0]).isCloseTo(1.4f, within(1e-6f));
    assertThat(n.getLong(0)).isEqualTo(1);
    // momentum None: after reset, the running values are the plain average of the batches seen
    INDArray m = Nd4j.createFromArray(0f);
    INDArray v = Nd4j.createFromArray(1f);
    INDArray k = Nd4j.scalar(DataType.LONG, 0L);
    for (float batch : new float[] {2f, 4f, 9f}) {
      RunningStatistics.updateCumulative(m, v, k, Nd4j.createFromArray(batch), Nd4j.createFromArray(batch));
    }
    assertThat(m.getFloat(0)).isCloseTo(5f, within(1e-6f));
    assertThat(v.getFloat(0)).isCloseTo(5f, within(1e-6f));
    assertThat(k.getLong(0)).isEqualTo(3);
  }
}
