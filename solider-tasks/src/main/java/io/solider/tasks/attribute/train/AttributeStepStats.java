package io.solider.tasks.attribute.train;

import io.solider.nn.train.Position;
import io.solider.nn.train.StepRecord;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Measurements of one attribute training step.
 *
 * @param position where the step ran
 * @param loss the weighted BCE of the batch
 * @param accuracy fraction of the batch's (image, attribute) pairs predicted right at 0.5
 * @param lr learning rate of the backbone group ({@code LR_FT})
 * @param headLr learning rate of the head group ({@code LR_NEW})
 * @param gradNorm L2 norm of all gradients before clipping (what {@code clip_grad_norm_} returns)
 * @param images images in the step
 * @param seconds wall time of the step
 */
public record AttributeStepStats(Position position, double loss, double accuracy, double lr, double headLr,
    double gradNorm, int images, double seconds) implements StepRecord {

  @Override
  public Map<String, Double> scalars() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("loss", loss);
    m.put("accuracy", accuracy);
    m.put("lr", lr);
    m.put("lr_head", headLr);
    m.put("grad_norm", gradNorm);
    return m;
  }
}
