package io.solider.ssl.trainer;

/**
 * What one training step measured.
 *
 * @param iteration global iteration
 * @param epoch epoch of the step
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
 * @param seconds wall time of the step
 */
public record StepStats(long iteration, int epoch, double dinoLoss, double semanticLoss, double partAccuracy,
    int kept, double keptLambda, double lr, double weightDecay, double momentum, double gradNorm, double updateNorm, double paramNorm,
    double seconds) {

  public double loss() {
    return dinoLoss + semanticLoss;
  }
}
