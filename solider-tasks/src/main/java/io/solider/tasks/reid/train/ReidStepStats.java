package io.solider.tasks.reid.train;

import io.solider.nn.train.Position;
import io.solider.nn.train.StepRecord;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Measurements of one re-id training step.
 *
 * @param position where the step ran
 * @param loss total loss (weights applied)
 * @param idLoss identity cross-entropy
 * @param tripletLoss soft-margin batch-hard triplet loss
 * @param accuracy classifier accuracy on the batch
 * @param positiveDistance mean hardest-positive distance
 * @param negativeDistance mean hardest-negative distance
 * @param lr learning rate of the weights (biases: the bias group's schedule)
 * @param gradNorm L2 norm of all trained gradients (before weight decay)
 * @param images images in the step
 * @param seconds wall time of the step
 */
public record ReidStepStats(Position position, double loss, double idLoss, double tripletLoss, double accuracy,
    double positiveDistance, double negativeDistance, double lr, double gradNorm, int images, double seconds)
    implements StepRecord {

  @Override
  public Map<String, Double> scalars() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("loss", loss);
    m.put("id_loss", idLoss);
    m.put("triplet_loss", tripletLoss);
    m.put("accuracy", accuracy);
    m.put("d_ap", positiveDistance);
    m.put("d_an", negativeDistance);
    m.put("lr", lr);
    m.put("grad_norm", gradNorm);
    return m;
  }
}
