package io.solider.tasks.detection.train;

import io.solider.nn.train.Position;
import io.solider.nn.train.StepRecord;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Measurements of one CSP training step.
 *
 * @param position where the step ran
 * @param loss total loss (weights applied)
 * @param centerLoss weighted centre term ({@code loss_cls})
 * @param scaleLoss weighted scale term ({@code loss_bbox})
 * @param offsetLoss weighted offset term ({@code loss_offset})
 * @param lr learning rate of the step
 * @param gradNorm L2 norm of all gradients
 * @param people pedestrians in the batch's crops
 * @param images images in the step
 * @param seconds wall time of the step
 */
public record CspStepStats(Position position, double loss, double centerLoss, double scaleLoss, double offsetLoss,
    double lr, double gradNorm, int people, int images, double seconds) implements StepRecord {

  @Override
  public Map<String, Double> scalars() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("loss", loss);
    m.put("loss_cls", centerLoss);
    m.put("loss_bbox", scaleLoss);
    m.put("loss_offset", offsetLoss);
    m.put("lr", lr);
    m.put("grad_norm", gradNorm);
    m.put("people", (double) people);
    return m;
  }
}
