package io.solider.tasks.synth;

import io.solider.nn.util.Seeds;
import java.util.SplittableRandom;

/**
 * Per-item random streams: every drawn thing (an identity's look, a camera, one image) gets its
 * own {@link SplittableRandom} derived from the run seed and the item's keys, so output never
 * depends on the order or thread in which items are generated.
 */
final class Rng {

  private Rng() {}

  /** A fresh stream for the item named by {@code stream} and {@code keys} ({@link Seeds#named}). */
  static SplittableRandom of(long seed, String stream, long... keys) {
    return Seeds.named(seed, stream, keys);
  }

  static double range(SplittableRandom r, double lo, double hi) {
    return lo + (hi - lo) * r.nextDouble();
  }

  static double gaussian(SplittableRandom r) {
    // Box–Muller; SplittableRandom has no nextGaussian in Java 17.
    double u = Math.max(1e-12, r.nextDouble());
    double v = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
