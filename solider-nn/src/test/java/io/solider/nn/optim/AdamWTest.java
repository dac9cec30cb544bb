package io.solider.nn.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class AdamWTest {

  /** torch.optim.AdamW's update for one scalar: decay, then bias-corrected Adam. */
  private static double[] torchAdamW(double p, double[] grads, double[] lrs, double wd) {
    double m = 0;
    double v = 0;
    double[] out = new double[grads.length];
    for (int t = 1; t <= grads.length; t++) {
      double g = grads[t - 1];
      double lr = lrs[t - 1];
      p -= lr * wd * p;
      m = 0.9 * m + 0.1 * g;
      v = 0.999 * v + 0.001 * g * g;
      double mh = m / (1 - Math.pow(0.9, t));
      double vh = v / (1 - Math.pow(0.999, t));
      p -= lr * mh / (Math.sqrt(vh) + 1e-8);
      out[t - 1] = p;
    }
    return out;
  }

  @Test
  void matchesTorchAdamWWithDecayOnlyOnWeights() {
    AdamW opt = AdamW.torchDefaults();
    INDArray w = Nd4j.createFromArray(new float[][] {{0.5f, -1.0f}, {2.0f, 0.25f}});
    INDArray b = Nd4j.createFromArray(0.3f, -0.7f);
    Map<String, INDArray> params = new LinkedHashMap<>();
    params.put("lin.weight", w);
    params.put("lin.bias", b);
    double[][] gw = {{0.1, -0.2, 0.3, 0.05}, {-0.4, 0.1, 0.2, 0.5}, {0.3, 0.3, -0.1, 0.0}};
    double[][] gb = {{1.0, -2.0}, {0.5, 0.5}, {-0.3, 0.2}};
    double[] lrs = {0.01, 0.02, 0.005};
    double wd = 0.1;
    for (int t = 0; t < 3; t++) {
      Map<String, INDArray> grads = new LinkedHashMap<>();
      grads.put("lin.weight", Nd4j.create(toFloat(gw[t]), new long[] {2, 2}, 'c'));
      grads.put("lin.bias", Nd4j.create(toFloat(gb[t]), new long[] {2}, 'c'));
      opt.step(params, grads, List.of("lin.weight", "lin.bias"), lrs[t], wd);
    }
    double[] w0 = {0.5, -1.0, 2.0, 0.25};
    for (int i = 0; i < 4; i++) {
      double[] g = {gw[0][i], gw[1][i], gw[2][i]};
      double expected = torchAdamW(w0[i], g, lrs, wd)[2];
      assertThat(w.getDouble(i / 2, i % 2)).as("weight %d", i).isCloseTo(expected, within(2e-6));
    }
    double[] b0 = {0.3, -0.7};
    for (int i = 0; i < 2; i++) {
      double[] g = {gb[0][i], gb[1][i], gb[2][i]};
      assertThat(b.getDouble(i)).as("bias %d (no decay)", i).isCloseTo(torchAdamW(b0[i], g, lrs, 0)[2], within(2e-6));
    }
    assertThat(opt.steps()).containsEntry("lin.weight", 3).containsEntry("lin.bias", 3);
  }

  @Test
  void clipsEachGradientToItsOwnNorm() {
    Map<String, INDArray> grads = new LinkedHashMap<>();
    grads.put("a", Nd4j.createFromArray(3f, 4f));
    grads.put("b", Nd4j.createFromArray(0.3f, 0.4f));
    Map<String, Double> norms = AdamW.clipPerParameter(grads, 3.0);
    assertThat(norms.get("a")).isCloseTo(5.0, within(1e-6));
    assertThat(grads.get("a").norm2Number().doubleValue()).isCloseTo(3.0, within(1e-5));
    assertThat(grads.get("b").norm2Number().doubleValue()).isCloseTo(0.5, within(1e-6));
  }

  @Test
  void biasesAndOneDimensionalParametersDoNotDecay() {
    assertThat(AdamW.decays("x.weight", Nd4j.zeros(2, 2))).isTrue();
    assertThat(AdamW.decays("x.bias", Nd4j.zeros(2, 2))).isFalse();
    assertThat(AdamW.decays("norm.weight", Nd4j.zeros(4))).isFalse();
  }

  private static float[] toFloat(double[] d) {
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }

  /** Two parameters handed the same gradient array are updated alike (Adam state from the true gradient). */
  @Test
  void aSharedGradientArrayUpdatesBothParameters() {
    AdamW opt = AdamW.torchDefaults();
    INDArray a = Nd4j.createFromArray(new float[][] {{1f, 2f}});
    INDArray b = Nd4j.createFromArray(new float[][] {{1f, 2f}});
    Map<String, INDArray> params = new LinkedHashMap<>();
    params.put("a.weight", a);
    params.put("b.weight", b);
    for (float[] g : List.of(new float[] {0.5f, -0.25f}, new float[] {0.1f, 0.3f})) {
      INDArray shared = Nd4j.createFromArray(new float[][] {g});
      Map<String, INDArray> grads = new LinkedHashMap<>();
      grads.put("a.weight", shared);
      grads.put("b.weight", shared);
      opt.step(params, grads, List.of("a.weight", "b.weight"), 0.1, 0);
    }
    // a's updates were written into the shared array; b must still have seen the gradient.
    assertThat(a.getDouble(0, 0)).isNotCloseTo(1.0, within(1e-3));
    assertThat(b).isEqualTo(a);
  }
}
