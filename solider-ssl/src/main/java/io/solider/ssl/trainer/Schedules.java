package io.solider.ssl.trainer;

import java.util.Arrays;

/**
 * Every per-iteration schedule of the pretraining, precomputed (DINO's {@code utils.cosine_scheduler}):
 * the trainer only reads {@code values[globalIteration]}.
 */
public final class Schedules {

  private Schedules() {}

  /**
   * Linear warm-up from {@code startWarmupValue} to {@code base} over {@code warmupEpochs}
   * epochs ({@code np.linspace}, both ends included), then a half cosine from {@code base} to
   * {@code last} over the remaining iterations: value(i) = last + ½(base − last)(1 + cos(π i / n)).
   *
   * @return an array of length {@code epochs × itersPerEpoch}
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

  /** The cosine schedule without warm-up. */
  public static double[] cosine(double base, double last, int epochs, int itersPerEpoch) {
    return cosine(base, last, epochs, itersPerEpoch, 0, 0);
  }

  /**
   * The DINO loss's teacher temperature per epoch: linear from {@code warmupTemp} to
   * {@code temp} over {@code warmupEpochs} ({@code np.linspace}), then constant.
   */
  public static double[] teacherTemperature(double warmupTemp, double temp, int warmupEpochs, int epochs) {
    if (warmupEpochs < 0 || warmupEpochs > epochs) {
      throw new IllegalArgumentException("teacher-temperature warm-up epochs must be in [0, " + epochs + "], got "
          + warmupEpochs);
    }
    double[] s = new double[epochs];
    System.arraycopy(linspace(warmupTemp, temp, warmupEpochs), 0, s, 0, warmupEpochs);
    Arrays.fill(s, warmupEpochs, epochs, temp);
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
