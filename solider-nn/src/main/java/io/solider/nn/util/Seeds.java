package io.solider.nn.util;

/**
 * Derives independent seeds from a run's seed, so a loader worker or a training step gets the
 * same random stream whatever thread runs it and wherever a resumed run starts.
 */
public final class Seeds {

  private Seeds() {}

  /** A well-mixed seed for the pair (a, b) under {@code seed} (murmur3's finaliser over a weighted sum). */
  public static long mix(long seed, long a, long b) {
    long x = seed * 0x9E3779B97F4A7C15L + (a + 1) * 0xC2B2AE3D27D4EB4FL + (b + 2) * 0x165667B19E3779F9L;
    x = (x ^ (x >>> 33)) * 0xFF51AFD7ED558CCDL;
    x = (x ^ (x >>> 33)) * 0xC4CEB9FE1A85EC53L;
    return x ^ (x >>> 33);
  }
}
