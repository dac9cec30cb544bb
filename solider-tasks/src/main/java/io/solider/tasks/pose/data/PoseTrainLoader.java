package io.solider.tasks.pose.data;

import io.solider.nn.image.ImageSize;
import io.solider.nn.image.Images;
import io.solider.nn.train.PrefetchingLoader;
import io.solider.nn.util.Seeds;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Pose training batches as mmpose's loader makes them ({@code shuffle=True}, {@code drop_last=False}):
 * each epoch the people in a new random order, cut into batches (the last one may be smaller), each
 * person decoded and put through the release's training pipeline ({@link TopDownTrainTransform})
 * on a worker thread ({@link PrefetchingLoader}: deterministic from the seed, resumable at any
 * batch).
 */
public final class PoseTrainLoader {

  private PoseTrainLoader() {}

  /**
   * One batch. Closing it frees the images.
   *
   * @param images (B, 3, H, W) normalised crops
   * @param targets B × 17 × h × w target heatmaps
   * @param weights B × 17 target weights
   * @param indices the people's indices in the training list
   */
  public record Batch(org.nd4j.linalg.api.ndarray.INDArray images, float[] targets, float[] weights, int[] indices)
      implements AutoCloseable {

    public int size() {
      return indices.length;
    }

    @Override
    public void close() {
      if (!images.wasClosed()) {
        images.close();
      }
    }
  }

  /** The batches of one epoch: a permutation of {@code n} people drawn from {@code order}, in slices of {@code batchSize}. */
  public static List<int[]> plan(int n, int batchSize, SplittableRandom order) {
    int[] perm = Seeds.permutation(n, order);
    List<int[]> batches = new ArrayList<>();
    for (int s = 0; s < n; s += batchSize) {
      batches.add(java.util.Arrays.copyOfRange(perm, s, Math.min(n, s + batchSize)));
    }
    return batches;
  }

  /** Batches per epoch: {@code ceil(n / batchSize)} (the last one may be smaller). */
  public static int batchesPerEpoch(int n, int batchSize) {
    return (n + batchSize - 1) / batchSize;
  }

  /**
   * A loader over {@code people} with {@code workers} threads, {@code prefetch} batches ahead.
   *
   * @param sizes the annotated size of every image; a decoded image of another size is an error
   * @param input the transform's crop size
   */
  public static PrefetchingLoader<TopDownSample, Batch> create(List<PersonInstance> people, ImageSizes sizes,
      TopDownTrainTransform transform, ImageSize input, int batchSize, int workers, int prefetch, long seed) {
    List<PersonInstance> all = List.copyOf(people);
    if (all.isEmpty()) {
      throw new IllegalArgumentException("no people to train on");
    }
    int h = input.height();
    int w = input.width();
    return new PrefetchingLoader<TopDownSample, Batch>("pose-loader",
        (epoch, order) -> plan(all.size(), batchSize, order),
        (i, rng) -> transform.apply(decode(all.get(i), sizes), all.get(i), rng),
        (samples, idx) -> {
          int per = 3 * h * w;
          float[] data = new float[idx.length * per];
          int t = samples.get(0).target().length;
          int k = samples.get(0).targetWeight().length;
          float[] targets = new float[idx.length * t];
          float[] weights = new float[idx.length * k];
          for (int i = 0; i < idx.length; i++) {
            TopDownSample s = samples.get(i);
            System.arraycopy(s.image(), 0, data, i * per, per);
            System.arraycopy(s.target(), 0, targets, i * t, t);
            System.arraycopy(s.targetWeight(), 0, weights, i * k, k);
          }
          return new Batch(Nd4j.create(data, new long[] {idx.length, 3, h, w}, 'c'), targets, weights, idx);
        },
        i -> all.get(i).image().toString(), batchSize, workers, prefetch, seed);
  }

  private static BufferedImage decode(PersonInstance p, ImageSizes sizes) throws IOException {
    BufferedImage img = Images.decode(p.image());
    sizes.check(p.image(), img.getWidth(), img.getHeight());
    return img;
  }
}
