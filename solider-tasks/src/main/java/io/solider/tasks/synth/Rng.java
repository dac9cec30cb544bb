package io.solider.tasks.synth;

import java.util.SplittableRandom;

/**
 * Per-item random streams: every drawn thing (an identity's look, a camera, one image) gets its
 * own {@link SplittableRandom} derived from the run seed and the item's keys, so output never
 * depends on the order or thread in which items are generated.
 */
final class Rng {

  private Rng() {}

  /** A fresh stream for the item named by {@code stream} and {@code keys}. */
  static SplittableRandom of(long seed, String stream, long... keys) {
    long h = mix(seed ^ 0x9E3779B97F4A7C15L);
    for (int i = 0; i < stream.length(); i++) {
      h = mix(h ^ stream.charAt(i));
    }
    for (long k : keys) {
      h = mix(h ^ k);
    }
    return new SplittableRandom(h);
  }

  /** SplitMix64 finaliser. */
  static long mix(long z) {
    z += 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
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
