package io.solider.tasks.search.loss;

import java.util.List;
import java.util.Map;

/**
 * Weights of SeqNet's seven loss terms ({@code SOLVER.LW_*}); the total is their weighted sum.
 *
 * @param rpnReg RPN box regression (1)
 * @param rpnCls RPN objectness (1)
 * @param proposalReg first-stage box regression (10)
 * @param proposalCls first-stage classification (1)
 * @param boxReg second-stage box regression (1)
 * @param boxCls second-stage (norm) classification (1)
 * @param boxReid OIM (1)
 */
public record SearchLossWeights(double rpnReg, double rpnCls, double proposalReg, double proposalCls, double boxReg,
    double boxCls, double boxReid) {

  /** The terms' names as {@link #with} takes them, in the record's order (the release's {@code LW_*} in lower case). */
  public static final List<String> NAMES = List.of("rpn_reg", "rpn_cls", "proposal_reg", "proposal_cls", "box_reg",
      "box_cls", "box_reid");

  public SearchLossWeights {
    double[] all = {rpnReg, rpnCls, proposalReg, proposalCls, boxReg, boxCls, boxReid};
    for (int i = 0; i < all.length; i++) {
      if (!(all[i] >= 0) || Double.isInfinite(all[i])) {
        throw new IllegalArgumentException("loss weight " + NAMES.get(i) + " must be finite and >= 0, got " + all[i]);
      }
    }
  }

  /** The release's defaults ({@code defaults.py}). */
  public static SearchLossWeights release() {
    return new SearchLossWeights(1, 1, 10, 1, 1, 1, 1);
  }

  /** These weights with some replaced, by name ({@link #NAMES}); an unknown name is an error naming the known ones. */
  public SearchLossWeights with(Map<String, Double> overrides) {
    double[] w = {rpnReg, rpnCls, proposalReg, proposalCls, boxReg, boxCls, boxReid};
    overrides.forEach((name, value) -> {
      int i = NAMES.indexOf(name);
      if (i < 0) {
        throw new IllegalArgumentException("unknown loss term '" + name + "'; the terms are " + String.join(", ", NAMES));
      }
      if (value == null) {
        throw new IllegalArgumentException("loss weight " + name + " has no value");
      }
      w[i] = value;
    });
    return new SearchLossWeights(w[0], w[1], w[2], w[3], w[4], w[5], w[6]);
  }
}
