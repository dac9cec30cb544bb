package io.solider.tasks.search.train;

import io.solider.nn.train.Position;
import io.solider.nn.train.StepRecord;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Measurements of one person-search training step.
 *
 * @param position where the step ran
 * @param losses the seven weighted loss terms by the release's names ({@code loss_rpn_reg} …)
 * @param lr the step's learning rate
 * @param gradNorm global L2 norm of the gradients before clipping
 * @param firstStagePositives positive RoIs of the first stage (all images)
 * @param secondStagePositives positive RoIs of the second stage
 * @param oimCounted RoIs OIM's cross-entropy averaged over (0: the guarded all-unlabelled case)
 * @param oimTop1 fraction of those whose own LUT/queue column scored strictly highest, before this
 *     step's table update (OIM's training top-1; 0 when none was counted)
 * @param images images in the step
 * @param seconds wall time of the step
 */
public record SearchStepStats(Position position, Map<String, Double> losses, double lr, double gradNorm,
    int firstStagePositives, int secondStagePositives, int oimCounted, double oimTop1, int images,
    double seconds)
    implements StepRecord {

  public SearchStepStats {
    losses = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(losses));
  }

  @Override
  public double loss() {
    return losses.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  @Override
  public Map<String, Double> scalars() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("loss", loss());
    m.putAll(losses);
    m.put("lr", lr);
    m.put("grad_norm", gradNorm);
    m.put("positives_stage1", (double) firstStagePositives);
    m.put("positives_stage2", (double) secondStagePositives);
    m.put("oim_counted", (double) oimCounted);
    m.put("oim_top1", oimTop1);
    return m;
  }
}
