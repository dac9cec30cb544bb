package io.solider.ssl.augment;

import io.solider.nn.util.Seeds;
import io.solider.nn.image.ImageNormalization;
import io.solider.nn.image.Images;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads an unlabelled image folder and produces multi-crop batches on worker threads, a few
 * batches ahead of the trainer. Like the release's loader: shuffled each epoch, last partial
 * batch dropped.
 *
 * <p>Deterministic from the seed whatever the thread timing: the epoch's order is a function of
 * (seed, epoch) and each image's augmentation of (seed, epoch, position in the epoch), so an
 * epoch can also start at any batch (for resuming).
 */
public final class MultiCropLoader implements AutoCloseable {

  private final List<Path> files;
  private final MultiCropAugmentation augmentation;
  private final int batchSize;
  private final long seed;
  private final int prefetch;
  private final ExecutorService pool;

  /**
   * @param workers decoding/augmentation threads
   * @param prefetch batches prepared ahead of the consumer
   */
  public MultiCropLoader(List<Path> files, MultiCropConfig config, int batchSize, int workers, int prefetch,
      long seed) {
    if (batchSize < 1 || workers < 1 || prefetch < 1) {
      throw new IllegalArgumentException("batch size, workers and prefetch must be >= 1");
    }
    if (files.size() < batchSize) {
      throw new IllegalArgumentException("only " + files.size() + " images for a batch of " + batchSize);
    }
    this.files = List.copyOf(files);
    this.augmentation = new MultiCropAugmentation(config, ImageNormalization.imagenet());
    this.batchSize = batchSize;
    this.seed = seed;
    this.prefetch = prefetch;
    AtomicInteger n = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(workers, r -> {
      Thread t = new Thread(r, "multicrop-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
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

  /** The image order of an epoch (a seeded Fisher–Yates shuffle). */
  public int[] order(int epoch) {
    int[] p = new int[files.size()];
    for (int i = 0; i < p.length; i++) {
      p[i] = i;
    }
    SplittableRandom rng = new SplittableRandom(Seeds.mix(seed, epoch, -1));
    for (int i = p.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /** The batches of {@code epoch} from batch {@code first} on; close each batch after use. */
  public Iterator<MultiCropBatch> epoch(int epoch, int first) {
    int[] order = order(epoch);
    int total = batchesPerEpoch();
    return new Iterator<>() {
      private final Deque<List<Future<float[][]>>> queue = new ArrayDeque<>();
      private final Deque<int[]> indices = new ArrayDeque<>();
      private int next = first;

      private void fill() {
        while (queue.size() < prefetch && next < total) {
          int b = next++;
          List<Future<float[][]>> jobs = new ArrayList<>();
          int[] idx = new int[batchSize];
          for (int i = 0; i < batchSize; i++) {
            int pos = b * batchSize + i;
            int file = order[pos];
            idx[i] = file;
            long s = Seeds.mix(seed, epoch, pos);
            jobs.add(pool.submit(() -> augmentation.apply(Images.decode(files.get(file)), new SplittableRandom(s))));
          }
          queue.add(jobs);
          indices.add(idx);
        }
      }

      @Override
      public boolean hasNext() {
        fill();
        return !queue.isEmpty();
      }

      @Override
      public MultiCropBatch next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        List<Future<float[][]>> jobs = queue.poll();
        int[] idx = indices.poll();
        fill();
        List<float[][]> views = new ArrayList<>();
        for (Future<float[][]> f : jobs) {
          try {
            views.add(f.get());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading", e);
          } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
              throw new UncheckedIOException(io);
            }
            throw new IllegalStateException("augmentation failed: " + e.getCause(), e.getCause());
          }
        }
        return assemble(views, idx);
      }
    };
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
    pool.shutdownNow();
  }
}
