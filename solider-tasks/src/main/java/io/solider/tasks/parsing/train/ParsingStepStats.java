package io.solider.tasks.parsing.train;

import io.solider.nn.train.Position;
import io.solider.nn.train.StepRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measurements of one parsing training step.
 *
 * @param position where the step ran
 * @param loss the total loss (the criterion's, consistency left out)
 * @param terms each unweighted loss term by the criterion's names ({@code lovasz_parsing},
 *     {@code ce_parsing} or, in a self-correction cycle, {@code kl_parsing}, the same for
 *     {@code fusion}, {@code edge}, {@code consistency})
 * @param lr the learning rate of the step
 * @param gradNorm L2 norm of the trained parameters' gradients
 * @param cycle self-correction cycles done before the step (0: plain cross-entropy targets)
 * @param images images in the step
 * @param seconds wall time of the step
 */
public record ParsingStepStats(Position position, double loss, Map<String, Double> terms, double lr, double gradNorm,
    int cycle, int images, double seconds) implements StepRecord {

  /** Every term a step can report, in log order (a step has either the CE or the KL terms). */
  public static final List<String> TERMS = List.of("lovasz_parsing", "ce_parsing", "kl_parsing", "lovasz_fusion",
      "ce_fusion", "kl_fusion", "edge", "consistency");

  public ParsingStepStats {
    terms = Map.copyOf(terms);
  }

  @Override
  public Map<String, Double> scalars() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("loss", loss);
    for (String t : TERMS) {
      m.put(t, terms.getOrDefault(t, Double.NaN));
    }
    m.put("lr", lr);
    m.put("grad_norm", gradNorm);
    m.put("schp_cycle", (double) cycle);
    return m;
  }
}
