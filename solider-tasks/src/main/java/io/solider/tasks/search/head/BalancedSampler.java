package io.solider.tasks.search.head;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * torchvision's {@code BalancedPositiveNegativeSampler}: per image at most
 * {@code int(batch × positiveFraction)} positives (labels ≥ 1) and the rest of the batch in
 * negatives (label 0), each drawn uniformly without replacement ({@code randperm(n)[:k]}; here a
 * partial Fisher–Yates shuffle from the caller's seeded generator); labels −1 are never drawn.
 *
 * @param batchPerImage RPN 256, RoI heads 128
 * @param positiveFraction 0.5 for both
 */
public record BalancedSampler(int batchPerImage, double positiveFraction) {

  public BalancedSampler {
    if (batchPerImage < 1 || !(positiveFraction >= 0 && positiveFraction <= 1)) {
      throw new IllegalArgumentException("batch " + batchPerImage + ", positive fraction " + positiveFraction);
    }
  }

  /**
   * The drawn elements of one image.
   *
   * @param positives sampled positive indices, ascending
   * @param negatives sampled negative indices, ascending
   */
  public record Sample(int[] positives, int[] negatives) {

    /** All sampled indices ascending, as {@code nonzero(pos_mask | neg_mask)}. */
    public int[] all() {
      int[] out = new int[positives.length + negatives.length];
      System.arraycopy(positives, 0, out, 0, positives.length);
      System.arraycopy(negatives, 0, out, positives.length, negatives.length);
      Arrays.sort(out);
      return out;
    }
  }

  /** Samples from {@code labels} (≥ 1 positive, 0 negative, −1 ignored). */
  public Sample sample(int[] labels, RandomGenerator rng) {
    int[] pos = where(labels, true);
    int[] neg = where(labels, false);
    int numPos = Math.min(pos.length, (int) (batchPerImage * positiveFraction));
    int numNeg = Math.min(neg.length, batchPerImage - numPos);
    return new Sample(draw(pos, numPos, rng), draw(neg, numNeg, rng));
  }

  private static int[] where(int[] labels, boolean positive) {
    int[] out = new int[labels.length];
    int n = 0;
    for (int i = 0; i < labels.length; i++) {
      if (positive ? labels[i] >= 1 : labels[i] == 0) {
        out[n++] = i;
      }
    }
    return Arrays.copyOf(out, n);
  }

  /** {@code k} of {@code from}, uniformly without replacement, returned ascending. */
  static int[] draw(int[] from, int k, RandomGenerator rng) {
    int[] a = from.clone();
    for (int i = 0; i < k; i++) {
      int j = i + rng.nextInt(a.length - i);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    int[] out = Arrays.copyOf(a, k);
    Arrays.sort(out);
    return out;
  }
}
