package io.solider.tasks.pose.train;

import io.solider.nn.train.Position;
import io.solider.nn.train.StepRecord;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Measurements of one pose training step (the names mmpose logs, plus the step's rate and norm).
 *
 * @param position where the step ran
 * @param loss {@code heatmap_loss}: the target-weighted joints MSE
 * @param accuracy {@code acc_pose}: PCK@0.05 of the heatmap maxima against the targets' maxima
 * @param lr learning rate of the step
 * @param gradNorm L2 norm of all trained gradients
 * @param images images in the step
 * @param seconds wall time of the step
 */
public record PoseStepStats(Position position, double loss, double accuracy, double lr, double gradNorm, int images,
    double seconds) implements StepRecord {

  @Override
  public Map<String, Double> scalars() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("heatmap_loss", loss);
    m.put("acc_pose", accuracy);
    m.put("lr", lr);
    m.put("grad_norm", gradNorm);
    return m;
  }
}
