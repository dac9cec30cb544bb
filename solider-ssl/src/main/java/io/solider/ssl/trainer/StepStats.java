package io.solider.ssl.trainer;

import io.solider.nn.train.Position;
import io.solider.nn.train.StepRecord;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one pretraining step measured.
 *
 * @param position where the step ran
 * @param dinoLoss DINO loss
 * @param semanticLoss semantic (part) loss, 0 when no image was kept
 * @param partAccuracy token accuracy of the part classifier, NaN when no image was kept
 * @param kept images kept by the clustering (out of 2B global views)
 * @param keptLambda mean λ of the kept views (the semantic loss over λ = 1 tokens is
 *     semanticLoss / keptLambda, since λ ∈ {0, 1}); 0 when none was kept
 * @param lr learning rate used
 * @param weightDecay weight decay used
 * @param momentum teacher EMA momentum used
 * @param gradNorm global norm of the gradients before clipping
 * @param updateNorm global norm of the optimiser's updates
 * @param paramNorm global norm of the trained parameters after the step
 * @param images images in the step (the batch size)
 * @param seconds wall time of the step
 */
public record StepStats(Position position, double dinoLoss, double semanticLoss, double partAccuracy, int kept,
    double keptLambda, double lr, double weightDecay, double momentum, double gradNorm, double updateNorm,
    double paramNorm, int images, double seconds) implements StepRecord {

  @Override
  public double loss() {
    return dinoLoss + semanticLoss;
  }

  public long iteration() {
    return position.iteration();
  }

  public int epoch() {
    return position.epoch();
  }

  @Override
  public Map<String, Double> scalars() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("dino_loss", dinoLoss);
    m.put("semantic_loss", semanticLoss);
    m.put("part_accuracy", partAccuracy);
    m.put("kept", (double) kept);
    m.put("kept_lambda", keptLambda);
    m.put("lr", lr);
    m.put("wd", weightDecay);
    m.put("momentum", momentum);
    m.put("grad_norm", gradNorm);
    m.put("update_norm", updateNorm);
    m.put("param_norm", paramNorm);
    return m;
  }
}
