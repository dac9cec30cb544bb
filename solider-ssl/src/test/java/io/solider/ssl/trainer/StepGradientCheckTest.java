package io.solider.ssl.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.solider.ssl.augment.MultiCropBatch;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The full step's loss (DINO + λ-weighted semantic loss through masked views, both heads and the
 * shared backbone instances) against central finite differences.
 */
class StepGradientCheckTest {

  private static final Logger log = LoggerFactory.getLogger(StepGradientCheckTest.class);

  @Test
  void stepLossGradientMatchesFiniteDifferences() {
    PretrainConfig cfg = Tiny.config().toBuilder().arch(Tiny.config().arch().withDropPathRate(0)).build();
    SoliderPretraining run = SoliderPretraining.create(cfg, 3, false);
    MultiCropBatch batch = Tiny.batch(cfg, 2, 5);
    SoliderPretraining.StepInputs in = null;
    for (long it = 0; it < 20; it++) {
      in = run.prepare(batch, it, 0);
      if (in.kept > 0 && in.placeholders.get(StudentGraph.PART_WEIGHTS).sumNumber().doubleValue() > 0) {
        break;
      }
    }
    assertThat(in.kept).as("some view kept, so the semantic loss is checked too").isPositive();
    SameDiff sd = ((StudentGraph) run.student()).sameDiff();
    Map<String, INDArray> ph = in.placeholders;
    List<String> names = List.of("backbone.patch_embed.projection.weight",
        "backbone.stages.3.blocks.0.attn.w_msa.qkv.weight", "backbone.semantic_embed_w.0.weight",
        "backbone.stages.1.blocks.0.attn.w_msa.relative_position_bias_table", "head.mlp.0.weight",
        "head.last_layer.weight_v", "part_classifier.mlp.4.weight");
    Map<String, INDArray> grads = sd.calculateGradients(ph, names);
    double semantic = sd.output(ph, StudentGraph.SEMANTIC_LOSS).get(StudentGraph.SEMANTIC_LOSS).getDouble(0);
    assertThat(semantic).as("semantic loss present").isPositive();
    // float32 graph (SameDiff's convertDataTypes cannot turn this graph to double in M2.1):
    // central differences with a step large enough for float32 rounding, on the entries with
    // the largest gradients of each parameter.
    double eps = 3e-3;
    double worst = 0;
    for (String name : names) {
      INDArray p = sd.getVariable(name).getArr();
      INDArray g = grads.get(name);
      long n = p.length();
      INDArray order = org.nd4j.linalg.ops.transforms.Transforms.abs(g.reshape(-1)).castTo(DataType.DOUBLE);
      long[] top = topIndices(order.toDoubleVector(), 1);
      for (long k : top) {
        double orig = p.getDouble(k);
        p.putScalar(k, orig + eps);
        double up = loss(sd, ph);
        p.putScalar(k, orig - eps);
        double down = loss(sd, ph);
        p.putScalar(k, orig);
        double fd = (up - down) / (2 * eps);
        double an = g.getDouble(k);
        // float32 noise of the finite difference is ~3e-4 absolute on this loss (~4).
        double err = Math.abs(fd - an) / (Math.max(Math.abs(fd), Math.abs(an)) + 0.05);
        log.info("{}[{}]: analytic {} finite-difference {} rel {}", name, k, an, fd, err);
        assertThat(Math.abs(an)).as("%s has a gradient", name).isGreaterThan(1e-6);
        worst = Math.max(worst, err);
      }
    }
    log.info("worst relative error {}", worst);
    assertThat(worst).isLessThan(2e-2);
  }

  private static long[] topIndices(double[] v, int n) {
    return java.util.stream.IntStream.range(0, v.length).boxed()
        .sorted((a, b) -> Double.compare(v[b], v[a])).limit(n).mapToLong(Integer::longValue).toArray();
  }

  private static double loss(SameDiff sd, Map<String, INDArray> ph) {
    return sd.output(ph, StudentGraph.LOSS).get(StudentGraph.LOSS).getDouble(0);
  }
}
