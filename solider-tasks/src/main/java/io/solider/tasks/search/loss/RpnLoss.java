package io.solider.tasks.search.loss;

/**
 * The region proposal network's losses (torchvision 0.8.2 {@code RegionProposalNetwork.compute_loss})
 * over the anchors the balanced sampler drew, all images of the batch together:
 * objectness = BCE with logits, mean over sampled anchors (label 1 positive, 0 negative);
 * box regression = Smooth L1 with β = 1/9 on the positives' (1, 1, 1, 1) deltas, summed and
 * divided by the number of sampled anchors.
 */
public final class RpnLoss {

  /** Smooth L1 transition of the RPN box loss. */
  public static final double BETA = 1.0 / 9;

  private RpnLoss() {}

  /**
   * Loss values and gradients with respect to the RPN head's outputs.
   *
   * @param objectness the objectness loss ({@code loss_rpn_cls})
   * @param box the box regression loss ({@code loss_rpn_reg})
   * @param gradObjectness d objectness / d logits, one per anchor (zero where not sampled)
   * @param gradDeltas d box / d deltas, four per anchor
   */
  public record Result(double objectness, double box, float[] gradObjectness, float[] gradDeltas) {}

  /**
   * @param objectness logits of all anchors of all images, concatenated
   * @param deltas 4 per anchor
   * @param regressionTargets 4 per anchor
   * @param positives sampled positive anchors (indices into the concatenation)
   * @param negatives sampled negative anchors
   */
  public static Result compute(float[] objectness, float[] deltas, float[] regressionTargets, int[] positives,
      int[] negatives) {
    int a = objectness.length;
    if (deltas.length != 4 * a || regressionTargets.length != 4 * a) {
      throw new IllegalArgumentException(a + " logits, " + deltas.length + " deltas, " + regressionTargets.length
          + " targets");
    }
    int sampled = positives.length + negatives.length;
    float[] gObj = new float[a];
    float[] gDel = new float[4 * a];
    if (sampled == 0) {
      return new Result(Double.NaN, Double.NaN, gObj, gDel);
    }
    double box = 0;
    for (int p : positives) {
      box += SmoothL1.sum(deltas, 4 * p, regressionTargets, 4 * p, 4, BETA, 1.0 / sampled, gDel);
    }
    int[] idx = new int[sampled];
    float[] labels = new float[sampled];
    System.arraycopy(positives, 0, idx, 0, positives.length);
    System.arraycopy(negatives, 0, idx, positives.length, negatives.length);
    java.util.Arrays.fill(labels, 0, positives.length, 1f);
    double obj = BinaryCrossEntropy.mean(objectness, idx, labels, gObj);
    return new Result(obj, box / sampled, gObj, gDel);
  }
}
