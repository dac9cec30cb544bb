package io.solider.tasks.reid.train;

/**
 * Measurements of one training step.
 *
 * @param iteration global step index (0-based)
 * @param epoch epoch of the step
 * @param batchInEpoch index of the batch within its epoch
 * @param loss total loss (weights applied)
 * @param idLoss identity cross-entropy
 * @param tripletLoss soft-margin batch-hard triplet loss
 * @param accuracy classifier accuracy on the batch
 * @param positiveDistance mean hardest-positive distance
 * @param negativeDistance mean hardest-negative distance
 * @param lr learning rate of the weights (biases: × biasLrFactor)
 * @param gradNorm L2 norm of all trained gradients (before weight decay)
 * @param images images in the step
 * @param seconds wall time of the step
 */
public record ReidStepStats(long iteration, int epoch, int batchInEpoch, double loss, double idLoss,
    double tripletLoss, double accuracy, double positiveDistance, double negativeDistance, double lr,
    double gradNorm, int images, double seconds) {}
