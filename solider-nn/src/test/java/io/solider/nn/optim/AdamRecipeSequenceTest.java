package io.solider.nn.optim;

import static io.solider.nn.optim.OptimReference.ROOT;
import static io.solider.nn.optim.OptimReference.array;
import static io.solider.nn.optim.OptimReference.doubles;
import static io.solider.nn.optim.OptimReference.normwiseError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The attribute recipe's optimisation, ten steps against torch (make_optim_reference.py): global
 * gradient-norm clipping to 1 (clipped at 6 of 10 steps), Adam with two parameter groups (lr 1e-2
 * with weight decay 5e-4, lr 2e-2 without), ReduceLROnPlateau(factor 0.1, patience 1, cooldown 1,
 * min_lr 1e-4) stepped on a metric after each step — the learning rates drop three times, the
 * second group reaching the floor first. Measured normwise errors: parameters ≤ 2.8e-8, exp_avg ≤ 1.5e-7,
 * exp_avg_sq ≤ 2.5e-7, clipped gradients ≤ 1.3e-7 (torch ≥ 1.9 computes the clipping coefficient in
 * float32, we in double as the release's torch 1.4 did).
 */
class AdamRecipeSequenceTest {

  @Test
  void clipAdamAndPlateauFollowTorch() {
    JsonNode c = ROOT.get("recipe");
    INDArray w = array(c.get("w0"));
    INDArray b = array(c.get("b0"));
    Adam adam = Adam.torchDefaults();
    ReduceLrOnPlateau plateau = new ReduceLrOnPlateau(ReduceLrOnPlateau.Config.torchDefaults().withPatience(1)
        .withCooldown(1).withMinLr(1e-4), 1e-2, 2e-2);
    double[] weightDecay = {5e-4, 0};
    int step = 0;
    for (JsonNode s : c.get("steps")) {
      step++;
      INDArray gw = array(s.get("grad_w"));
      INDArray gb = array(s.get("grad_b"));
      double total = GradientClipping.clipGlobalNorm(List.of(gw, gb), c.get("max_norm").asDouble());
      assertThat(total).as("step %d total norm", step).isCloseTo(s.get("total_norm").asDouble(),
          within(1e-7 * total));
      assertThat(normwiseError(gw, s.get("clipped_w"))).isLessThan(2e-7);
      assertThat(plateau.lrs()).as("step %d lrs", step).containsExactly(doubles(s.get("lrs_used")));
      adam.step("w", w, gw, plateau.lr(0), weightDecay[0]);
      adam.step("b", b, gb, plateau.lr(1), weightDecay[1]);
      plateau.step(s.get("metric").asDouble());
      assertThat(normwiseError(w, s.get("w"))).as("step %d w", step).isLessThan(1e-7);
      assertThat(normwiseError(b, s.get("b"))).as("step %d b", step).isLessThan(1e-7);
      assertThat(normwiseError(adam.expAvg().get("w"), s.get("exp_avg_w"))).isLessThan(3e-7);
      assertThat(normwiseError(adam.expAvgSq().get("w"), s.get("exp_avg_sq_w"))).isLessThan(4e-7);
      assertThat(plateau.lrs()).containsExactly(doubles(s.get("lrs_after")));
    }
  }
}
