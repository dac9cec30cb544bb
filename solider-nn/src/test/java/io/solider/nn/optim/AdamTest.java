package io.solider.nn.optim;

import static io.solider.nn.optim.OptimReference.ROOT;
import static io.solider.nn.optim.OptimReference.array;
import static io.solider.nn.optim.OptimReference.normwiseError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adam against torch.optim.Adam (torch 1.13, make_optim_reference.py): 25 steps with β (0.8,
 * 0.95), ε 1e-6, weight decay 1e-2 and gradients from 1e-3 to 10. Measured: the parameters differ
 * from torch's by about one float32 rounding (normwise ≤ 1.8e-8 over the 25 steps).
 */
class AdamTest {

  @Test
  void twentyFiveStepsMatchTorchAdamWithCoupledWeightDecay() {
    JsonNode c = ROOT.get("adam_long");
    INDArray p = array(c.get("p0"));
    Adam adam = new Adam(0.8, 0.95, 1e-6);
    for (int t = 0; t < 25; t++) {
      INDArray g = array(c.get("grads").get(t));
      INDArray before = g.dup();
      adam.step("p", p, g, 3e-3, 1e-2);
      assertThat(g).as("the gradient is not modified").isEqualTo(before);
      assertThat(normwiseError(p, c.get("p").get(t))).as("step %d", t + 1).isLessThan(5e-8);
    }
    assertThat(adam.steps()).containsEntry("p", 25L);
  }

  /**
   * torch.optim.AdamW (1.13, single-tensor path) for one scalar, in double: decay the parameter,
   * then the bias-corrected update with ε added after dividing √v by √(1 − β2ᵗ).
   */
  private static double torchAdamW(double p, double[] grads, double[] lrs, double wd) {
    double m = 0;
    double v = 0;
    for (int t = 1; t <= grads.length; t++) {
      double g = grads[t - 1];
      double lr = lrs[t - 1];
      p *= 1 - lr * wd;
      m = 0.9 * m + 0.1 * g;
      v = 0.999 * v + 0.001 * g * g;
      p -= lr / (1 - Math.pow(0.9, t)) * m / (Math.sqrt(v) / Math.sqrt(1 - Math.pow(0.999, t)) + 1e-8);
    }
    return p;
  }

  /**
   * AdamW on gradients of 1e-7 to 1e-3 (a heatmap loss's scale), decay on a weight and none on a
   * bias table: within float32 rounding of torch's formula. ND4J's updater behind {@link AdamW}
   * adds ε before the bias correction; on these gradients it is off by up to 30% of an update.
   */
  @Test
  void adamWMatchesTorchOnTinyGradients() {
    double[][] g = {{1e-7, -3e-6, 2e-4, -1e-3}, {2e-7, -1e-6, 1e-4, 5e-4}, {-1e-7, 4e-6, -2e-4, 1e-3}};
    double[] lrs = {1e-3, 2e-3, 3e-3};
    double[] w0 = {0.5, -1.0, 2.0, 0.25};
    for (double wd : new double[] {0.01, 0}) {
      Adam adamW = Adam.adamW(0.9, 0.999, 1e-8);
      AdamW nd4j = AdamW.torchDefaults();
      INDArray ours = Nd4j.create(new float[] {0.5f, -1f, 2f, 0.25f}, new long[] {2, 2}, 'c');
      INDArray theirs = ours.dup();
      for (int t = 0; t < g.length; t++) {
        float[] gf = new float[4];
        for (int i = 0; i < 4; i++) {
          gf[i] = (float) g[t][i];
        }
        adamW.step("w.weight", ours, Nd4j.create(gf, new long[] {2, 2}, 'c'), lrs[t], wd);
        java.util.Map<String, INDArray> grads = java.util.Map.of("w.weight", Nd4j.create(gf, new long[] {2, 2}, 'c'));
        nd4j.step(java.util.Map.of("w.weight", theirs), grads, java.util.List.of("w.weight"), lrs[t], wd);
      }
      double worstNd4j = 0;
      for (int i = 0; i < 4; i++) {
        double[] gi = {g[0][i], g[1][i], g[2][i]};
        double expected = torchAdamW(w0[i], gi, lrs, wd);
        assertThat(ours.getDouble(i / 2, i % 2)).as("wd %s element %d", wd, i)
            .isCloseTo(expected, org.assertj.core.api.Assertions.within(2e-7));
        worstNd4j = Math.max(worstNd4j, Math.abs(theirs.getDouble(i / 2, i % 2) - expected));
      }
      assertThat(worstNd4j).as("ND4J's ε convention differs visibly here").isGreaterThan(1e-4);
    }
    assertThat(Adam.adamW(0.9, 0.999, 1e-8).decoupled()).isTrue();
    assertThat(Adam.torchDefaults().decoupled()).isFalse();
  }

  @Test
  void restoredStateContinuesExactly() {
    INDArray a = Nd4j.createFromArray(1f, -2f, 0.5f);
    INDArray b = a.dup();
    Adam first = Adam.torchDefaults();
    Adam second = Adam.torchDefaults();
    first.step("w", a, Nd4j.createFromArray(0.3f, -0.1f, 2f), 0.01, 1e-4);
    second.step("w", b, Nd4j.createFromArray(0.3f, -0.1f, 2f), 0.01, 1e-4);
    Adam resumed = Adam.torchDefaults();
    resumed.restore("w", second.expAvg().get("w"), second.expAvgSq().get("w"), second.steps().get("w"));
    first.step("w", a, Nd4j.createFromArray(-0.2f, 0.4f, 1f), 0.01, 1e-4);
    resumed.step("w", b, Nd4j.createFromArray(-0.2f, 0.4f, 1f), 0.01, 1e-4);
    assertThat(b.toFloatVector()).containsExactly(a.toFloatVector());
  }

  @Test
  void viewsAndOtherLayoutsAreUpdatedInPlace() {
    INDArray whole = Nd4j.createFromArray(new float[][] {{1, 2, 3}, {4, 5, 6}});
    INDArray column = whole.getColumn(1);
    INDArray copy = column.dup();
    Adam onView = Adam.torchDefaults();
    Adam onCopy = Adam.torchDefaults();
    onView.step("c", column, Nd4j.createFromArray(0.5f, -0.5f), 0.1, 0);
    onCopy.step("c", copy, Nd4j.createFromArray(0.5f, -0.5f), 0.1, 0);
    assertThat(whole.getFloat(0, 1)).isEqualTo(copy.getFloat(0)).isNotEqualTo(2f);
    assertThat(whole.getFloat(1, 1)).isEqualTo(copy.getFloat(1));
    assertThat(whole.getFloat(0, 0)).isEqualTo(1f);
    INDArray fortran = Nd4j.create(new float[] {1, 2, 3, 4}, new long[] {2, 2}, 'f');
    INDArray same = fortran.dup('c');
    Adam f = Adam.torchDefaults();
    Adam s = Adam.torchDefaults();
    INDArray grad = Nd4j.createFromArray(new float[][] {{0.1f, 0.2f}, {0.3f, 0.4f}});
    f.step("f", fortran, grad.dup('f'), 0.1, 0.01);
    s.step("f", same, grad, 0.1, 0.01);
    assertThat(fortran).isEqualTo(same);
  }

  @Test
  void rejectsShapeAndTypeMismatches() {
    assertThatThrownBy(() -> Adam.torchDefaults().step("w", Nd4j.zeros(DataType.FLOAT, 2, 3), Nd4j.zeros(DataType.FLOAT,
        3, 2), 0.1, 0)).hasMessageContaining("w: gradient shape [3, 2]");
    assertThatThrownBy(() -> Adam.torchDefaults().step("d", Nd4j.zeros(DataType.DOUBLE, 2), Nd4j.zeros(DataType.DOUBLE,
        2), 0.1, 0)).hasMessageContaining("float32");
    assertThatThrownBy(() -> new Adam(1.0, 0.999, 1e-8)).hasMessageContaining("betas");
  }
}
