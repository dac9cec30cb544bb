package io.solider.tasks.attribute.loss;

import io.solider.tasks.attribute.data.AttributeSample;
import io.solider.tasks.attribute.head.AttributeHead;
import java.util.List;

/**
 * The release's attribute loss ({@code losses/bceloss.py} BCELoss with {@code sample_weight} =
 * the training split's positive ratio, {@code size_sum=True}; weights from
 * {@code tools/function.py ratio2weight}):
 * <pre>
 *   L = (1/B) Σ_b Σ_j w_bj · ℓ(z_bj, y_bj)
 *   ℓ(z, y) = max(z, 0) − z·y + log(1 + e^−|z|)        (binary_cross_entropy_with_logits)
 *   w_bj = exp(1 − r_j) if y_bj > 0.5, else exp(r_j)    (r_j: positive ratio of attribute j)
 *   ∂L/∂z_bj = w_bj · (σ(z_bj) − y_bj) / B
 * </pre>
 * The weights are computed as the release does, in float32 from float32(r). The release's
 * {@code weights[targets > 1] = 0} never fires: it is applied to the 0/1 mask {@code targets > 0.5},
 * not to the targets, so a target of 2 takes the positive weight (and enters ℓ as 2). Targets are
 * not otherwise restricted, as in the release.
 */
public final class WeightedBceLoss {

  private final float[] positiveWeight;
  private final float[] negativeWeight;

  private WeightedBceLoss(float[] positiveWeight, float[] negativeWeight) {
    this.positiveWeight = positiveWeight;
    this.negativeWeight = negativeWeight;
  }

  /** The release's weighting from each attribute's positive ratio r ∈ [0, 1] on the training split. */
  public static WeightedBceLoss fromPositiveRatio(double[] ratio) {
    if (ratio.length < 1) {
      throw new IllegalArgumentException("need the positive ratio of at least one attribute");
    }
    float[] pos = new float[ratio.length];
    float[] neg = new float[ratio.length];
    for (int j = 0; j < ratio.length; j++) {
      if (!(ratio[j] >= 0 && ratio[j] <= 1)) {
        throw new IllegalArgumentException("positive ratio of attribute " + j + " is " + ratio[j] + ", expected [0, 1]");
      }
      float r = (float) ratio[j];
      pos[j] = (float) Math.exp(1f - r);
      neg[j] = (float) Math.exp(r);
    }
    return new WeightedBceLoss(pos, neg);
  }

  /** Plain binary cross-entropy summed over attributes (the release's BCELoss without sample weights). */
  public static WeightedBceLoss unweighted(int attributes) {
    if (attributes < 1) {
      throw new IllegalArgumentException("need at least one attribute, got " + attributes);
    }
    float[] one = new float[attributes];
    java.util.Arrays.fill(one, 1f);
    return new WeightedBceLoss(one, one.clone());
  }

  /**
   * Positive ratio of each attribute over {@code samples}, as the release's {@code labels.mean(0)}
   * over the training split: (images labelled 1) / (images).
   */
  public static double[] positiveRatio(List<AttributeSample> samples) {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("the training split has no images: cannot compute the positive ratios");
    }
    int a = samples.get(0).labels().length;
    long[] count = new long[a];
    for (AttributeSample s : samples) {
      int[] l = s.labels();
      if (l.length != a) {
        throw new IllegalArgumentException(s.image() + ": " + l.length + " labels, expected " + a);
      }
      for (int j = 0; j < a; j++) {
        count[j] += l[j];
      }
    }
    double[] ratio = new double[a];
    for (int j = 0; j < a; j++) {
      ratio[j] = (double) count[j] / samples.size();
    }
    return ratio;
  }

  public int attributes() {
    return positiveWeight.length;
  }

  /** Weight of attribute {@code j} for a target above 0.5. */
  public float positiveWeight(int j) {
    return positiveWeight[j];
  }

  /** Weight of attribute {@code j} for a target of at most 0.5. */
  public float negativeWeight(int j) {
    return negativeWeight[j];
  }

  /**
   * Loss value and its gradient with respect to the logits.
   *
   * @param value L, the batch mean of the per-image weighted sums
   * @param gradient ∂L/∂z, (B, A) row-major
   */
  public record Result(double value, float[] gradient) {}

  /**
   * The loss of a batch.
   *
   * @param logits (B, A) row-major
   * @param targets (B, A) row-major, usually 0/1
   * @param batch B ≥ 1
   */
  public Result compute(float[] logits, float[] targets, int batch) {
    int a = positiveWeight.length;
    if (batch < 1 || logits.length != batch * a || targets.length != logits.length) {
      throw new IllegalArgumentException("loss takes (B, " + a + ") logits and targets, got " + logits.length + " and "
          + targets.length + " values for B = " + batch);
    }
    float[] grad = new float[logits.length];
    double total = 0;
    for (int b = 0; b < batch; b++) {
      double row = 0;
      for (int j = 0; j < a; j++) {
        int i = b * a + j;
        double z = logits[i];
        double y = targets[i];
        double w = y > 0.5 ? positiveWeight[j] : negativeWeight[j];
        row += w * (Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z))));
        grad[i] = (float) (w * (AttributeHead.sigmoid(z) - y) / batch);
      }
      total += row;
    }
    return new Result(total / batch, grad);
  }
}
