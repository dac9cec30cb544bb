package io.solider.tasks.search.loss;

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

  /** The release's defaults ({@code defaults.py}). */
  public static SearchLossWeights release() {
    return new SearchLossWeights(1, 1, 10, 1, 1, 1, 1);
  }
}
