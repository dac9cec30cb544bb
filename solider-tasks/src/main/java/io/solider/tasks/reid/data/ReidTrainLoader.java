package io.solider.tasks.reid.data;

import io.solider.nn.image.Images;
import io.solider.nn.train.PrefetchingLoader;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Re-id training batches: each epoch's P × K plan from the {@link IdentitySampler}, each image
 * decoded and augmented on a worker thread ({@link PrefetchingLoader}: deterministic from the seed,
 * resumable at any batch).
 */
public final class ReidTrainLoader {

  private ReidTrainLoader() {}

  /**
   * One batch: images (B, 3, H, W), training identities and the sample indices.
   * Closing it frees the images.
   */
  public record Batch(INDArray images, int[] labels, int[] indices) implements AutoCloseable {
    @Override
    public void close() {
      if (!images.wasClosed()) {
        images.close();
      }
    }
  }

  /** A loader over {@code samples} with {@code workers} threads, {@code prefetch} batches ahead. */
  public static PrefetchingLoader<float[], Batch> create(List<ReidSample> samples, IdentitySampler sampler,
      ReidAugmentation augmentation, int workers, int prefetch, long seed) {
    List<ReidSample> all = List.copyOf(samples);
    int[] labels = all.stream().mapToInt(ReidSample::pid).toArray();
    int h = augmentation.height();
    int w = augmentation.width();
    return new PrefetchingLoader<float[], Batch>("reid-loader", (epoch, order) -> sampler.epoch(order),
        (i, rng) -> augmentation.apply(Images.decode(all.get(i).image()), rng),
        (pixels, idx) -> {
          int per = 3 * h * w;
          float[] data = new float[idx.length * per];
          int[] y = new int[idx.length];
          for (int i = 0; i < idx.length; i++) {
            System.arraycopy(pixels.get(i), 0, data, i * per, per);
            y[i] = labels[idx[i]];
          }
          return new Batch(Nd4j.create(data, new long[] {idx.length, 3, h, w}, 'c'), y, idx);
        },
        i -> all.get(i).image().toString(), sampler.batchSize(), workers, prefetch, seed);
  }
}
