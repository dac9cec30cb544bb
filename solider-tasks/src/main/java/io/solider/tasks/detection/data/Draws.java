package io.solider.tasks.detection.data;

import java.util.SplittableRandom;

/**
 * The random numbers an augmentation consumes, in the order it consumes them, with numpy's
 * meanings: {@code integer(lo, hi)} is {@code np.random.randint(lo, hi)} (hi exclusive) and
 * {@code uniform(lo, hi)} is {@code np.random.uniform(lo, hi)}. Tests replay the values the
 * release drew; training draws them from a seeded stream.
 */
public interface Draws {

  /** An integer in [lo, hi). */
  int integer(int lo, int hi);

  /** A double in [lo, hi). */
  double uniform(double lo, double hi);

  /** Draws from a {@link SplittableRandom}. */
  static Draws of(SplittableRandom random) {
    return new Draws() {
      @Override
      public int integer(int lo, int hi) {
        if (hi <= lo) {
          throw new IllegalArgumentException("empty range [" + lo + ", " + hi + ")");
        }
        return random.nextInt(lo, hi);
      }

      @Override
      public double uniform(double lo, double hi) {
        return random.nextDouble(lo, hi);
      }
    };
  }
}
