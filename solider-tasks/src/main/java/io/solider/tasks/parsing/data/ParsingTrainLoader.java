package io.solider.tasks.parsing.data;

import io.solider.nn.image.Images;
import io.solider.nn.train.PrefetchingLoader;
import io.solider.nn.util.Seeds;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * LIP training batches as train.py's loader gives them: each epoch a shuffled order of the
 * training images cut into batches, the last incomplete batch dropped ({@code DistributedSampler}
 * with shuffle, {@code drop_last=True}); each image decoded and augmented on a worker thread by
 * {@link LipTrainTransform} with the sample's own generator ({@link PrefetchingLoader}:
 * deterministic from the seed, resumable at any batch).
 */
public final class ParsingTrainLoader {

  private ParsingTrainLoader() {}

  /**
   * A loader over {@code samples}.
   *
   * @param seed the run's seed (the order of each epoch and every augmentation derive from it)
   */
  public static PrefetchingLoader<LipTrainTransform.Sample, ParsingBatch> create(List<ParsingSample> samples,
      LipTrainTransform transform, int batchSize, int workers, int prefetch, long seed) {
    List<ParsingSample> all = List.copyOf(samples);
    if (all.size() < batchSize) {
      throw new IllegalArgumentException("LIP training split has " + all.size() + " images, fewer than one batch of "
          + batchSize);
    }
    int h = transform.config().cropHeight();
    int w = transform.config().cropWidth();
    return new PrefetchingLoader<>("lip-loader", (epoch, order) -> plan(all.size(), batchSize, order),
        (i, rng) -> {
          ParsingSample s = all.get(i);
          BufferedImage img = Images.decode(s.image());
          return transform.apply(new Lip.Pair(img, Lip.readMask(s)), transform.draw(rng));
        },
        (loaded, idx) -> ParsingBatch.of(loaded, h, w),
        i -> all.get(i).image().toString(), batchSize, workers, prefetch, seed);
  }

  /** A shuffled order of {@code n} samples in batches of {@code b}, the incomplete last batch dropped. */
  static List<int[]> plan(int n, int b, java.util.SplittableRandom order) {
    int[] perm = Seeds.permutation(n, order);
    List<int[]> batches = new ArrayList<>();
    for (int start = 0; start + b <= n; start += b) {
      batches.add(java.util.Arrays.copyOfRange(perm, start, start + b));
    }
    return batches;
  }
}
