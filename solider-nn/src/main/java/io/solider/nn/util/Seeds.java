package io.solider.nn.util;

import java.util.SplittableRandom;

/**
 * Every random stream of a run, derived from the run's seed in one place, so a loader worker or a
 * training step draws the same numbers whatever thread runs it and wherever a resumed run starts.
 * Streams are named ({@link Stream}); each stream's id is negative so it never collides with a
 * sample position (≥ 0), which keys the per-sample augmentation streams.
 */
public final class Seeds {

  private Seeds() {}

  /** The named streams of a training run, each with the key it is indexed by. */
  public enum Stream {
    /** The sample order of an epoch (shuffle, identity sampler); key: the epoch. */
    DATA_ORDER(-1),
    /** Per-sample drop-path masks of a step; key: the global iteration. */
    DROP_PATH(-3),
    /** The other random draws of a pretraining step (λ per image, clustering, erased part); key: the iteration. */
    STEP(-5),
    /** Initial weights of a task head; no key. */
    HEAD_INIT(-7);

    private final long id;

    Stream(long id) {
      this.id = id;
    }

    public long id() {
      return id;
    }
  }

  /** A well-mixed seed for the pair (a, b) under {@code seed} (murmur3's finaliser over a weighted sum). */
  public static long mix(long seed, long a, long b) {
    long x = seed * 0x9E3779B97F4A7C15L + (a + 1) * 0xC2B2AE3D27D4EB4FL + (b + 2) * 0x165667B19E3779F9L;
    x = (x ^ (x >>> 33)) * 0xFF51AFD7ED558CCDL;
    x = (x ^ (x >>> 33)) * 0xC4CEB9FE1A85EC53L;
    return x ^ (x >>> 33);
  }

  /** The generator of {@code stream} at {@code key}. */
  public static SplittableRandom random(long seed, Stream stream, long key) {
    return new SplittableRandom(mix(seed, key, stream.id));
  }

  /** The seed of a stream that has no key (e.g. {@link Stream#HEAD_INIT}). */
  public static long of(long seed, Stream stream) {
    return mix(seed, stream.id, stream.id);
  }

  /**
   * The generator of a named item (e.g. the synthetic generator's {@code "look"} of identity 12):
   * the name's 64-bit FNV-1a hash and then each key are mixed in turn, so every item has its own
   * stream whatever order or thread items are made in.
   */
  public static SplittableRandom named(long seed, String name, long... keys) {
    long hash = 0xcbf29ce484222325L;
    for (int i = 0; i < name.length(); i++) {
      hash = (hash ^ name.charAt(i)) * 0x100000001b3L;
    }
    long x = mix(seed, hash, keys.length);
    for (int i = 0; i < keys.length; i++) {
      x = mix(x, keys[i], i);
    }
    return new SplittableRandom(x);
  }

  /** The augmentation generator of the sample at {@code position} (≥ 0) of {@code epoch}'s order. */
  public static SplittableRandom sample(long seed, int epoch, long position) {
    if (position < 0) {
      throw new IllegalArgumentException("sample positions are >= 0, got " + position);
    }
    return new SplittableRandom(mix(seed, epoch, position));
  }

  /**
   * A uniformly random permutation of {@code 0 … n-1}: Fisher–Yates from the last index down, one
   * {@code nextInt(i + 1)} draw per index, so a given stream always yields the same order.
   */
  public static int[] permutation(int n, SplittableRandom rng) {
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    return perm;
  }
}
