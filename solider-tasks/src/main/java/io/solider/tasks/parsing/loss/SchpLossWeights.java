package io.solider.tasks.parsing.loss;

/**
 * Weights of the parsing loss terms: the release's {@code --lambda-s}, {@code --lambda-e},
 * {@code --lambda-c} (train.py defaults 1, 1, 0.1).
 *
 * @param segmentation λ1: each parsing output gets 0.5·λ1·(Lovász + CE or KL)
 * @param edge λ2: the edge loss (class-balanced CE, or KL in SCHP cycles)
 * @param consistency λ3: the consistency term (value only, see {@link ConsistencyTerm})
 */
public record SchpLossWeights(double segmentation, double edge, double consistency) {

  public SchpLossWeights {
    if (!(segmentation >= 0) || !(edge >= 0) || !(consistency >= 0)) {
      throw new IllegalArgumentException("loss weights must be >= 0, got " + segmentation + ", " + edge + ", " + consistency);
    }
  }

  /** The release's defaults: 1, 1, 0.1. */
  public static SchpLossWeights release() {
    return new SchpLossWeights(1, 1, 0.1);
  }
}
