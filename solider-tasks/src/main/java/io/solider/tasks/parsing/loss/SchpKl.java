package io.solider.tasks.parsing.loss;

import io.solider.tasks.parsing.head.ScoreMaps;

/**
 * The self-correction loss that replaces cross-entropy once an SCHP model exists (cycle ≥ 1):
 * KL(softmax(t) ‖ softmax(z)) with T = 1, summed over channels and valid pixels and divided by the
 * number of valid pixels ({@code F.kl_div(..., reduction='batchmean')} on the flattened valid
 * pixels), where the soft target's logits mix the SCHP model's logits with the one-hot labels,
 * {@code t = (1 − α)·z_schp + α·onehot(y)}, α = 1/(cycle + 1) (the release's
 * {@code moving_average}).
 *
 * <p>Quirks kept: {@code to_one_hot} rewrites label 255 to 0 in place, so the one-hot target of
 * an ignored pixel is class 0 (see {@link SchpCriterion} for what that does to later terms); and
 * with exactly one valid pixel the release's flattening yields a 1-D tensor, so {@code batchmean}
 * divides by the number of classes instead of 1.
 */
public final class SchpKl {

  private SchpKl() {}

  /** α for SCHP cycle {@code cycle} (≥ 1): 1/(cycle + 1). */
  public static double alpha(int cycle) {
    if (cycle < 1) {
      throw new IllegalArgumentException("SCHP cycle must be >= 1, got " + cycle);
    }
    return 1.0 / (cycle + 1.0);
  }

  /**
   * The target logits {@code (1 − α)·z_schp + α·onehot(labels)}, with label 255 counted as class 0
   * (the release's {@code to_one_hot}).
   */
  public static ScoreMaps softTargets(ScoreMaps schpLogits, int[] labels, double alpha) {
    int c = schpLogits.channels();
    int plane = schpLogits.plane();
    if (labels.length != schpLogits.pixels()) {
      throw new IllegalArgumentException("SCHP logits " + schpLogits.shape() + " need " + schpLogits.pixels()
          + " labels, got " + labels.length);
    }
    ScoreMaps t = schpLogits.zerosLike();
    float[] z = schpLogits.data();
    float keep = (float) (1.0 - alpha); // float32 arithmetic, as the release's tensors
    float hotValue = (float) alpha;
    float[] out = t.data();
    for (int n = 0; n < schpLogits.batch(); n++) {
      for (int i = 0; i < plane; i++) {
        int y = labels[n * plane + i];
        int hot = y == PixelCrossEntropy.IGNORE ? 0 : y;
        if (hot < 0 || hot >= c) {
          throw new IllegalArgumentException("label " + y + " is not one of " + c + " classes");
        }
        for (int k = 0; k < c; k++) {
          int o = (n * c + k) * plane + i;
          float mixed = keep * z[o];
          out[o] = k == hot ? mixed + hotValue : mixed;
        }
      }
    }
    return t;
  }

  /**
   * KL of {@code logits} against the soft target {@code softmax(targetLogits)} over pixels whose
   * label in {@code labels} is not 255.
   */
  public static LossTerm compute(ScoreMaps logits, ScoreMaps targetLogits, int[] labels) {
    if (!logits.sameShape(targetLogits)) {
      throw new IllegalArgumentException("logits " + logits.shape() + " and target " + targetLogits.shape() + " differ");
    }
    if (labels.length != logits.pixels()) {
      throw new IllegalArgumentException("logits " + logits.shape() + " need " + logits.pixels() + " labels, got "
          + labels.length);
    }
    int c = logits.channels();
    int plane = logits.plane();
    float[] z = logits.data();
    float[] t = targetLogits.data();
    int valid = 0;
    for (int y : labels) {
      valid += y == PixelCrossEntropy.IGNORE ? 0 : 1;
    }
    // batchmean divides by the first dimension of the flattened valid pixels; one valid pixel is
    // squeezed to a 1-D tensor of C values by the release's flatten_probas.
    double divisor = valid == 1 ? c : valid;
    double sum = 0;
    ScoreMaps grad = logits.zerosLike();
    float[] g = grad.data();
    double[] q = new double[c];
    double[] logQ = new double[c];
    for (int n = 0; n < logits.batch(); n++) {
      for (int i = 0; i < plane; i++) {
        if (labels[n * plane + i] == PixelCrossEntropy.IGNORE) {
          continue;
        }
        int base = n * c * plane + i;
        double lseZ = PixelSoftmax.logSumExp(logits, n, i);
        double lseT = PixelSoftmax.logSumExp(targetLogits, n, i);
        double qSum = 0;
        for (int k = 0; k < c; k++) {
          logQ[k] = t[base + k * plane] - lseT;
          q[k] = Math.exp(logQ[k]);
          qSum += q[k];
        }
        for (int k = 0; k < c; k++) {
          double logP = z[base + k * plane] - lseZ;
          sum += q[k] * (logQ[k] - logP);
          g[base + k * plane] = (float) ((Math.exp(logP) * qSum - q[k]) / divisor);
        }
      }
    }
    return new LossTerm(sum / divisor, grad);
  }
}
