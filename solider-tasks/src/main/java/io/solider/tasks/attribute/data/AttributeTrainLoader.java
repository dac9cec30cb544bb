package io.solider.tasks.attribute.data;

import io.solider.nn.train.PrefetchingLoader;
import io.solider.nn.util.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Attribute training batches as the release's {@code DataLoader(shuffle=True, drop_last=True)}:
 * each epoch a new permutation of the training split, cut into batches of B with the last
 * incomplete batch dropped; each image decoded and put through the training transform on a worker
 * thread ({@link PrefetchingLoader}: deterministic from the seed, resumable at any batch). An
 * unreadable training image stops the run with the file named.
 */
public final class AttributeTrainLoader {

  private AttributeTrainLoader() {}

  /**
   * A loader over {@code samples}.
   *
   * @param transform the training transform (random crop and flip from each sample's generator)
   * @param batchSize B
   * @param workers image decoding threads
   * @param prefetch batches prepared ahead
   */
  public static PrefetchingLoader<AttributeExamples.Example, AttributeExamples.Batch> create(
      List<AttributeSample> samples, AttributeTransform transform, int batchSize, int workers, int prefetch, long seed) {
    requireBatch(samples.size(), batchSize);
    AttributeExamples examples = new AttributeExamples(samples, transform, true);
    return new PrefetchingLoader<>("attribute-loader", (epoch, order) -> plan(samples.size(), batchSize, order),
        examples::require, (loaded, idx) -> examples.stack(loaded), i -> samples.get(i).image().toString(),
        batchSize, workers, prefetch, seed);
  }

  /** Refuses a training split smaller than one batch (an epoch of drop-last batches would be empty). */
  public static void requireBatch(int images, int batchSize) {
    if (images < batchSize) {
      throw new IllegalArgumentException("the training split has " + images + " images, fewer than one batch of "
          + batchSize + " (the last incomplete batch is dropped, as the release's drop_last)");
    }
  }

  /**
   * A permutation of {@code n} samples (Fisher–Yates from {@code order}) in batches of {@code b}, the
   * remainder dropped: an epoch's batches, given the run's {@code Seeds.Stream.DATA_ORDER} stream of
   * the epoch as the loader draws it.
   */
  public static List<int[]> plan(int n, int b, SplittableRandom order) {
    int[] perm = Seeds.permutation(n, order);
    List<int[]> batches = new ArrayList<>();
    for (int s = 0; s + b <= n; s += b) {
      int[] batch = new int[b];
      System.arraycopy(perm, s, batch, 0, b);
      batches.add(batch);
    }
    return batches;
  }
}
