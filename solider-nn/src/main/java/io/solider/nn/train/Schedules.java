package io.solider.nn.train;

import java.util.Arrays;

/**
 * Every schedule of every recipe, precomputed as an immutable-by-convention array (DINO's
 * {@code utils.cosine_scheduler}): a trainer only reads {@code values[index]}, where the index is
 * the global iteration for per-iteration schedules and the epoch for per-epoch ones.
 */
public final class Schedules {

  private Schedules() {}

  /**
   * DINO's {@code cosine_scheduler}: linear warm-up from {@code startWarmupValue} to {@code base}
   * over {@code warmupEpochs} epochs ({@code np.linspace}, both ends included), then a half cosine
   * from {@code base} to {@code last} over the remaining iterations:
   * value(i) = last + ½(base − last)(1 + cos(π i / n)).
   *
   * @return per iteration, length {@code epochs × itersPerEpoch}
   */
  public static double[] cosine(double base, double last, int epochs, int itersPerEpoch, int warmupEpochs,
      double startWarmupValue) {
    if (epochs <= 0 || itersPerEpoch <= 0) {
      throw new IllegalArgumentException("epochs and iterations per epoch must be positive, got "
          + epochs + " and " + itersPerEpoch);
    }
    if (warmupEpochs < 0 || warmupEpochs > epochs) {
      throw new IllegalArgumentException("warm-up epochs must be in [0, " + epochs + "], got " + warmupEpochs);
    }
    int total = epochs * itersPerEpoch;
    int warm = warmupEpochs * itersPerEpoch;
    double[] s = new double[total];
    double[] w = linspace(startWarmupValue, base, warm);
    System.arraycopy(w, 0, s, 0, warm);
    int n = total - warm;
    for (int i = 0; i < n; i++) {
      s[warm + i] = last + 0.5 * (base - last) * (1 + Math.cos(Math.PI * i / n));
    }
    return s;
  }

  /** {@link #cosine} without warm-up. */
  public static double[] cosine(double base, double last, int epochs, int itersPerEpoch) {
    return cosine(base, last, epochs, itersPerEpoch, 0, 0);
  }

  /**
   * Linear from {@code start} to {@code value} over {@code warmupEpochs} ({@code np.linspace}),
   * then constant (DINO's teacher temperature).
   *
   * @return per epoch, length {@code epochs}
   */
  public static double[] linearWarmupThenConstant(double start, double value, int warmupEpochs, int epochs) {
    if (warmupEpochs < 0 || warmupEpochs > epochs) {
      throw new IllegalArgumentException("warm-up epochs must be in [0, " + epochs + "], got " + warmupEpochs);
    }
    double[] s = new double[epochs];
    System.arraycopy(linspace(start, value, warmupEpochs), 0, s, 0, warmupEpochs);
    Arrays.fill(s, warmupEpochs, epochs, value);
    return s;
  }

  /**
   * timm's {@code CosineLRScheduler} stepped once per epoch (TransReID / SOLIDER-REID): epoch e
   * trains with lr(t = e), for a parameter group whose initial rate is {@code base × groupFactor}:
   * <pre>
   *   t &lt; warmup:  w + t·(base_g − w)/warmup          (w = warmupFactor·base, the same for every group)
   *   t ≥ warmup:  m + ½(base_g − m)(1 + cos(π t / epochs))   (m = minFactor·base)
   * </pre>
   *
   * @return per epoch, length {@code epochs}
   */
  public static double[] warmupCosinePerEpoch(double base, double groupFactor, double warmupFactor, double minFactor,
      int warmupEpochs, int epochs) {
    double groupBase = base * groupFactor;
    double warmupInit = warmupFactor * base;
    double min = minFactor * base;
    double[] s = new double[epochs];
    for (int e = 0; e < epochs; e++) {
      s[e] = e < warmupEpochs ? warmupInit + e * (groupBase - warmupInit) / warmupEpochs
          : min + 0.5 * (groupBase - min) * (1 + Math.cos(Math.PI * e / epochs));
    }
    return s;
  }

  /**
   * torch's {@code MultiStepLR}: {@code base × gamma^k} in epoch e, k = milestones ≤ e.
   *
   * @return per epoch, length {@code epochs}
   */
  public static double[] multiStep(double base, int[] milestones, double gamma, int epochs) {
    double[] s = new double[epochs];
    for (int e = 0; e < epochs; e++) {
      int k = 0;
      for (int m : milestones) {
        if (m <= e) {
          k++;
        }
      }
      s[e] = base * Math.pow(gamma, k);
    }
    return s;
  }

  /** A per-epoch schedule spread over the iterations of each epoch: length {@code epochs × itersPerEpoch}. */
  public static double[] perIteration(double[] perEpoch, int itersPerEpoch) {
    double[] s = new double[perEpoch.length * itersPerEpoch];
    for (int e = 0; e < perEpoch.length; e++) {
      Arrays.fill(s, e * itersPerEpoch, (e + 1) * itersPerEpoch, perEpoch[e]);
    }
    return s;
  }

  /**
   * mmcv's linear warm-up over the first {@code warmupIters} iterations:
   * {@code lr × (1 − (1 − i/warmupIters)(1 − ratio))}; a new array.
   */
  public static double[] withLinearWarmup(double[] perIteration, int warmupIters, double ratio) {
    double[] s = perIteration.clone();
    for (int i = 0; i < Math.min(warmupIters, s.length); i++) {
      double k = (1 - (double) i / warmupIters) * (1 - ratio);
      s[i] *= 1 - k;
    }
    return s;
  }

  /** mmcv's constant warm-up: {@code lr × ratio} for the first {@code warmupIters} iterations; a new array. */
  public static double[] withConstantWarmup(double[] perIteration, int warmupIters, double ratio) {
    double[] s = perIteration.clone();
    for (int i = 0; i < Math.min(warmupIters, s.length); i++) {
      s[i] *= ratio;
    }
    return s;
  }

  /** {@code np.linspace(a, b, n)}: n values, both ends included (n = 1 gives {a}). */
  static double[] linspace(double a, double b, int n) {
    double[] v = new double[n];
    if (n == 1) {
      v[0] = a;
      return v;
    }
    double step = (b - a) / (n - 1);
    for (int i = 0; i < n; i++) {
      v[i] = a + i * step;
    }
    if (n > 1) {
      v[n - 1] = b;
    }
    return v;
  }
}
