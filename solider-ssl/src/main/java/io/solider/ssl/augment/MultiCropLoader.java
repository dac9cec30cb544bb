package io.solider.ssl.augment;

import io.solider.nn.image.ImageNormalization;
import io.solider.nn.image.Images;
import io.solider.nn.train.EpochData;
import io.solider.nn.train.PrefetchingLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads an unlabelled image folder and produces multi-crop batches on worker threads, a few
 * batches ahead of the trainer ({@link PrefetchingLoader}). Like the release's loader: shuffled
 * each epoch, last partial batch dropped. Deterministic from the seed whatever the thread timing,
 * and an epoch can start at any batch (for resuming).
 */
public final class MultiCropLoader implements EpochData<MultiCropBatch>, AutoCloseable {

  private final List<Path> files;
  private final MultiCropAugmentation augmentation;
  private final int batchSize;
  private final PrefetchingLoader<float[][], MultiCropBatch> loader;

  /**
   * @param workers decoding/augmentation threads
   * @param prefetch batches prepared ahead of the consumer
   */
  public MultiCropLoader(List<Path> files, MultiCropConfig config, int batchSize, int workers, int prefetch,
      long seed) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
    }
    if (files.size() < batchSize) {
      throw new IllegalArgumentException("only " + files.size() + " images for a batch of " + batchSize);
    }
    this.files = List.copyOf(files);
    this.augmentation = new MultiCropAugmentation(config, ImageNormalization.imagenet());
    this.batchSize = batchSize;
    this.loader = new PrefetchingLoader<>("multicrop", (epoch, order) -> batches(shuffle(order)),
        (i, rng) -> augmentation.apply(Images.decode(this.files.get(i)), rng), this::assemble,
        i -> this.files.get(i).toString(), batchSize, workers, prefetch, seed);
  }

  /** A loader over every image under {@code dir}. */
  public static MultiCropLoader ofFolder(Path dir, MultiCropConfig config, int batchSize, int workers, long seed)
      throws IOException {
    List<Path> files = Images.listImages(dir);
    if (files.isEmpty()) {
      throw new IOException(dir + ": no images (" + Images.EXTENSIONS + ")");
    }
    return new MultiCropLoader(files, config, batchSize, workers, 2, seed);
  }

  public int size() {
    return files.size();
  }

  /** Full batches per epoch. */
  public int batchesPerEpoch() {
    return files.size() / batchSize;
  }

  @Override
  public int batches(int epoch) {
    return batchesPerEpoch();
  }

  @Override
  public int batchSize() {
    return batchSize;
  }

  /** The image order of an epoch (a seeded Fisher–Yates shuffle). */
  public int[] order(int epoch) {
    List<int[]> plan = loader.plan(epoch);
    int[] order = new int[plan.size() * batchSize];
    for (int b = 0; b < plan.size(); b++) {
      System.arraycopy(plan.get(b), 0, order, b * batchSize, batchSize);
    }
    return order;
  }

  @Override
  public Iterator<MultiCropBatch> epoch(int epoch, int first) {
    return loader.epoch(epoch, first);
  }

  private int[] shuffle(SplittableRandom rng) {
    int[] p = new int[files.size()];
    for (int i = 0; i < p.length; i++) {
      p[i] = i;
    }
    for (int i = p.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  private List<int[]> batches(int[] order) {
    List<int[]> plan = new ArrayList<>();
    for (int b = 0; b + batchSize <= order.length; b += batchSize) {
      plan.add(java.util.Arrays.copyOfRange(order, b, b + batchSize));
    }
    return plan;
  }

  private MultiCropBatch assemble(List<float[][]> views, int[] idx) {
    MultiCropConfig c = augmentation.config();
    int b = views.size();
    int gsz = 3 * c.globalHeight() * c.globalWidth();
    int lsz = 3 * c.localHeight() * c.localWidth();
    float[] g1 = new float[b * gsz];
    float[] g2 = new float[b * gsz];
    float[] l = new float[c.localCrops() * b * lsz];
    for (int i = 0; i < b; i++) {
      float[][] v = views.get(i);
      System.arraycopy(v[0], 0, g1, i * gsz, gsz);
      System.arraycopy(v[1], 0, g2, i * gsz, gsz);
      for (int k = 0; k < c.localCrops(); k++) {
        System.arraycopy(v[2 + k], 0, l, (k * b + i) * lsz, lsz);
      }
    }
    long[] gs = {b, 3, c.globalHeight(), c.globalWidth()};
    return new MultiCropBatch(Nd4j.create(g1, gs, 'c'), Nd4j.create(g2, gs, 'c'),
        c.localCrops() > 0
            ? Nd4j.create(l, new long[] {(long) c.localCrops() * b, 3, c.localHeight(), c.localWidth()}, 'c')
            : null,
        idx);
  }

  @Override
  public void close() {
    loader.close();
  }
}
