package io.solider.tasks.reid.data;

import io.solider.nn.util.Seeds;
import io.solider.nn.image.Images;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
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
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Decodes and augments P × K training batches on worker threads, a few batches ahead of the
 * trainer. Deterministic from the seed whatever the thread timing: an epoch's batches are a
 * function of (seed, epoch) ({@link IdentitySampler}) and each image's augmentation of (seed,
 * epoch, position in the epoch), so an epoch can start at any batch (resuming).
 */
public final class ReidTrainLoader implements AutoCloseable {

  private final List<ReidSample> samples;
  private final int[] labels;
  private final IdentitySampler sampler;
  private final ReidAugmentation augmentation;
  private final long seed;
  private final int prefetch;
  private final ExecutorService pool;

  /** One batch: images (B, 3, H, W), training identities and the sample indices. */
  public record Batch(INDArray images, int[] labels, int[] indices) {}

  public ReidTrainLoader(List<ReidSample> samples, IdentitySampler sampler, ReidAugmentation augmentation,
      int workers, int prefetch, long seed) {
    if (workers < 1 || prefetch < 1) {
      throw new IllegalArgumentException("workers and prefetch must be >= 1");
    }
    this.samples = List.copyOf(samples);
    this.labels = samples.stream().mapToInt(ReidSample::pid).toArray();
    this.sampler = sampler;
    this.augmentation = augmentation;
    this.seed = seed;
    this.prefetch = prefetch;
    AtomicInteger n = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(workers, r -> {
      Thread t = new Thread(r, "reid-loader-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** The training identities of the samples, by sample index. */
  public int[] labels() {
    return labels.clone();
  }

  public int size() {
    return samples.size();
  }

  public int batchSize() {
    return sampler.batchSize();
  }

  /** The batches (sample indices) of {@code epoch}. */
  public List<int[]> plan(int epoch) {
    return sampler.epoch(new SplittableRandom(Seeds.mix(seed, epoch, -1)));
  }

  /** The batches of {@code epoch} from batch {@code first} on. */
  public Iterator<Batch> epoch(int epoch, int first) {
    List<int[]> plan = plan(epoch);
    int b = batchSize();
    int h = augmentation.height();
    int w = augmentation.width();
    return new Iterator<>() {
      private final Deque<List<Future<float[]>>> queue = new ArrayDeque<>();
      private final Deque<int[]> indices = new ArrayDeque<>();
      private int next = first;

      private void fill() {
        while (queue.size() < prefetch && next < plan.size()) {
          int[] idx = plan.get(next);
          List<Future<float[]>> jobs = new java.util.ArrayList<>();
          for (int i = 0; i < idx.length; i++) {
            ReidSample s = samples.get(idx[i]);
            long itemSeed = Seeds.mix(seed, epoch, (long) next * b + i);
            jobs.add(pool.submit(() -> augmentation.apply(Images.decode(s.image()), new SplittableRandom(itemSeed))));
          }
          next++;
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
      public Batch next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        List<Future<float[]>> jobs = queue.poll();
        int[] idx = indices.poll();
        fill();
        int per = 3 * h * w;
        float[] data = new float[idx.length * per];
        int[] y = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
          try {
            System.arraycopy(jobs.get(i).get(), 0, data, i * per, per);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading training images", e);
          } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
              throw new UncheckedIOException("cannot read training image " + samples.get(idx[i]).image() + ": "
                  + io.getMessage(), io);
            }
            throw new IllegalStateException("augmentation failed on " + samples.get(idx[i]).image() + ": "
                + e.getCause(), e.getCause());
          }
          y[i] = labels[idx[i]];
        }
        return new Batch(Nd4j.create(data, new long[] {idx.length, 3, h, w}, 'c'), y, idx);
      }
    };
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
