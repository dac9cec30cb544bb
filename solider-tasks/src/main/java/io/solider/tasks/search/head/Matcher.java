package io.solider.tasks.search.head;

/**
 * torchvision's {@code Matcher} (unchanged from 0.8.2 to 0.14): each prediction takes the
 * ground truth it overlaps most (first index on ties); below {@code low} it is background
 * ({@link #BELOW_LOW}), in [low, high) ignored ({@link #BETWEEN}). With low-quality matches
 * allowed, every prediction that attains some ground truth's best overlap (ties included, even
 * an overlap of 0) gets back its best match. Thresholds are compared in float32, as a float
 * tensor with a Python number is.
 *
 * @param high foreground threshold (RPN 0.7, RoI heads 0.5)
 * @param low background threshold (RPN 0.3, RoI heads 0.5)
 * @param allowLowQuality the RPN's {@code allow_low_quality_matches=True}
 */
public record Matcher(double high, double low, boolean allowLowQuality) {

  /** Background: best overlap below {@code low}. */
  public static final int BELOW_LOW = -1;
  /** Ignored: best overlap in [low, high). */
  public static final int BETWEEN = -2;

  public Matcher {
    if (low > high) {
      throw new IllegalArgumentException("low threshold " + low + " above high threshold " + high);
    }
  }

  /** The RPN's matcher: 0.7 / 0.3 with low-quality matches. */
  public static Matcher rpn() {
    return new Matcher(0.7, 0.3, true);
  }

  /** The RoI heads' matcher: 0.5 / 0.5, no low-quality matches. */
  public static Matcher roiHeads() {
    return new Matcher(0.5, 0.5, false);
  }

  /**
   * @param quality {@code gt × predictions} overlaps, row-major
   * @return per prediction the matched ground truth, {@link #BELOW_LOW} or {@link #BETWEEN}
   * @throws IllegalArgumentException when there is no ground truth or no prediction (as torchvision)
   */
  public int[] match(float[] quality, int gt, int predictions) {
    if (gt == 0 || predictions == 0) {
      throw new IllegalArgumentException(gt == 0 ? "no ground-truth boxes to match" : "no predictions to match");
    }
    if (quality.length != gt * predictions) {
      throw new IllegalArgumentException(quality.length + " overlaps for " + gt + " × " + predictions);
    }
    float hi = (float) high;
    float lo = (float) low;
    int[] matches = new int[predictions];
    int[] all = new int[predictions];
    for (int p = 0; p < predictions; p++) {
      int best = 0;
      float v = quality[p];
      for (int g = 1; g < gt; g++) {
        if (quality[g * predictions + p] > v) {
          v = quality[g * predictions + p];
          best = g;
        }
      }
      all[p] = best;
      matches[p] = v < lo ? BELOW_LOW : v < hi ? BETWEEN : best;
    }
    if (allowLowQuality) {
      for (int g = 0; g < gt; g++) {
        float top = Float.NEGATIVE_INFINITY;
        for (int p = 0; p < predictions; p++) {
          top = Math.max(top, quality[g * predictions + p]);
        }
        for (int p = 0; p < predictions; p++) {
          if (quality[g * predictions + p] == top) {
            matches[p] = all[p];
          }
        }
      }
    }
    return matches;
  }
}
