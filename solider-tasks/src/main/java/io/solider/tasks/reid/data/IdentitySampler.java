package io.solider.tasks.reid.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Identity-balanced P × K batches, as TransReID's {@code RandomIdentitySampler}: each identity's
 * images are shuffled (an identity with fewer than K images draws K with replacement) and cut into
 * chunks of K (a shorter rest is dropped); while at least P identities still have chunks, P of
 * them are drawn without replacement and each gives its next chunk. An epoch is every batch this
 * yields; each batch holds P distinct identities with K images each.
 */
public final class IdentitySampler {

  private final Map<Integer, int[]> byIdentity = new LinkedHashMap<>();
  private final int identitiesPerBatch;
  private final int imagesPerIdentity;

  /**
   * @param labels the identity of each sample (the sample index is the position)
   * @param identitiesPerBatch P
   * @param imagesPerIdentity K
   */
  public IdentitySampler(int[] labels, int identitiesPerBatch, int imagesPerIdentity) {
    if (identitiesPerBatch < 2 || imagesPerIdentity < 1) {
      throw new IllegalArgumentException("P × K batches need P >= 2 identities and K >= 1 images, got "
          + identitiesPerBatch + " × " + imagesPerIdentity);
    }
    Map<Integer, List<Integer>> lists = new LinkedHashMap<>();
    for (int i = 0; i < labels.length; i++) {
      lists.computeIfAbsent(labels[i], k -> new ArrayList<>()).add(i);
    }
    lists.forEach((pid, l) -> byIdentity.put(pid, l.stream().mapToInt(Integer::intValue).toArray()));
    if (byIdentity.size() < identitiesPerBatch) {
      throw new IllegalArgumentException("the training set has " + byIdentity.size() + " identities, fewer than the "
          + identitiesPerBatch + " identities per batch");
    }
    this.identitiesPerBatch = identitiesPerBatch;
    this.imagesPerIdentity = imagesPerIdentity;
  }

  public int batchSize() {
    return identitiesPerBatch * imagesPerIdentity;
  }

  /** The release's {@code __len__}: an upper bound of the samples per epoch. */
  public int estimatedSamples() {
    int n = 0;
    for (int[] idx : byIdentity.values()) {
      int c = Math.max(idx.length, imagesPerIdentity);
      n += c - c % imagesPerIdentity;
    }
    return n;
  }

  /** One epoch's batches (sample indices), drawn from {@code rng}. */
  public List<int[]> epoch(SplittableRandom rng) {
    Map<Integer, List<int[]>> chunks = new LinkedHashMap<>();
    for (Map.Entry<Integer, int[]> e : byIdentity.entrySet()) {
      int[] idx = e.getValue();
      int[] pool;
      if (idx.length < imagesPerIdentity) {
        pool = new int[imagesPerIdentity];
        for (int i = 0; i < pool.length; i++) {
          pool[i] = idx[rng.nextInt(idx.length)];
        }
      } else {
        pool = idx.clone();
      }
      shuffle(pool, rng);
      List<int[]> list = new ArrayList<>();
      for (int s = 0; s + imagesPerIdentity <= pool.length; s += imagesPerIdentity) {
        list.add(java.util.Arrays.copyOfRange(pool, s, s + imagesPerIdentity));
      }
      chunks.put(e.getKey(), list);
    }
    List<Integer> available = new ArrayList<>(byIdentity.keySet());
    List<int[]> batches = new ArrayList<>();
    while (available.size() >= identitiesPerBatch) {
      // random.sample(available, P): a partial Fisher–Yates shuffle of a copy
      List<Integer> pick = new ArrayList<>(available);
      for (int i = 0; i < identitiesPerBatch; i++) {
        int j = i + rng.nextInt(pick.size() - i);
        Integer t = pick.get(i);
        pick.set(i, pick.get(j));
        pick.set(j, t);
      }
      int[] batch = new int[batchSize()];
      for (int i = 0; i < identitiesPerBatch; i++) {
        Integer pid = pick.get(i);
        List<int[]> left = chunks.get(pid);
        System.arraycopy(left.remove(0), 0, batch, i * imagesPerIdentity, imagesPerIdentity);
        if (left.isEmpty()) {
          available.remove(pid);
        }
      }
      batches.add(batch);
    }
    return batches;
  }

  private static void shuffle(int[] a, SplittableRandom rng) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
