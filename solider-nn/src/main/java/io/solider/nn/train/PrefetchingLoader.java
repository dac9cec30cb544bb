package io.solider.nn.train;

import io.solider.nn.util.Seeds;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.function.IntFunction;

/**
 * Loads a task's training batches on worker threads, a few batches ahead of the trainer. The task
 * gives three functions: the epoch's plan (which samples form each batch), how one sample is
 * loaded and augmented, and how loaded samples become a batch.
 *
 * <p>Deterministic from the seed whatever the thread timing: the plan is a function of the epoch
 * (drawn from {@link Seeds.Stream#DATA_ORDER}) and each sample's augmentation of (seed, epoch,
 * position in the epoch) ({@link Seeds#sample}), so an epoch can start at any batch (resuming).
 *
 * @param <T> one loaded sample (e.g. its augmented pixels)
 * @param <B> a batch
 */
public final class PrefetchingLoader<T, B extends AutoCloseable> implements EpochData<B>, AutoCloseable {

  /** The batches of an epoch, as sample indices, from the epoch's order generator. */
  @FunctionalInterface
  public interface Plan {
    List<int[]> batches(int epoch, SplittableRandom order);
  }

  /** Loads and augments sample {@code index} with its own generator (runs on a worker thread). */
  @FunctionalInterface
  public interface SampleLoader<T> {
    T load(int index, SplittableRandom rng) throws IOException;
  }

  /** Puts loaded samples (in batch order) and their indices together as a batch. */
  @FunctionalInterface
  public interface Assembler<T, B> {
    B assemble(List<T> samples, int[] indices);
  }

  private final Plan plan;
  private final SampleLoader<T> loader;
  private final Assembler<T, B> assembler;
  private final IntFunction<String> describe;
  private final int batchSize;
  private final long seed;
  private final int prefetch;
  private final ExecutorService pool;

  /**
   * @param name thread-name prefix
   * @param describe names sample {@code i} in error messages (e.g. its file)
   * @param batchSize images per batch (every batch of the plan has this many)
   * @param workers loading threads
   * @param prefetch batches prepared ahead of the consumer
   */
  public PrefetchingLoader(String name, Plan plan, SampleLoader<T> loader, Assembler<T, B> assembler,
      IntFunction<String> describe, int batchSize, int workers, int prefetch, long seed) {
    if (batchSize < 1 || workers < 1 || prefetch < 1) {
      throw new IllegalArgumentException("batch size, workers and prefetch must be >= 1, got " + batchSize + ", "
          + workers + ", " + prefetch);
    }
    this.plan = plan;
    this.loader = loader;
    this.assembler = assembler;
    this.describe = describe;
    this.batchSize = batchSize;
    this.seed = seed;
    this.prefetch = prefetch;
    AtomicInteger n = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(workers, r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** The batches (sample indices) of {@code epoch}. */
  public List<int[]> plan(int epoch) {
    return plan.batches(epoch, Seeds.random(seed, Seeds.Stream.DATA_ORDER, epoch));
  }

  @Override
  public int batches(int epoch) {
    return plan(epoch).size();
  }

  @Override
  public int batchSize() {
    return batchSize;
  }

  @Override
  public Iterator<B> epoch(int epoch, int first) {
    List<int[]> batches = plan(epoch);
    return new Iterator<>() {
      private final Deque<List<Future<T>>> queue = new ArrayDeque<>();
      private final Deque<int[]> indices = new ArrayDeque<>();
      private int next = first;

      private void fill() {
        while (queue.size() < prefetch && next < batches.size()) {
          int[] idx = batches.get(next);
          List<Future<T>> jobs = new ArrayList<>(idx.length);
          for (int i = 0; i < idx.length; i++) {
            int sample = idx[i];
            SplittableRandom rng = Seeds.sample(seed, epoch, (long) next * batchSize + i);
            jobs.add(pool.submit(() -> loader.load(sample, rng)));
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
      public B next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        List<Future<T>> jobs = queue.poll();
        int[] idx = indices.poll();
        fill();
        List<T> samples = new ArrayList<>(jobs.size());
        for (int i = 0; i < jobs.size(); i++) {
          samples.add(await(jobs.get(i), idx[i]));
        }
        return assembler.assemble(samples, idx);
      }
    };
  }

  private T await(Future<T> job, int sample) {
    try {
      return job.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while loading training data", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw new UncheckedIOException("cannot read training sample " + describe.apply(sample) + ": "
            + io.getMessage(), io);
      }
      throw new IllegalStateException("loading training sample " + describe.apply(sample) + " failed: "
          + e.getCause(), e.getCause());
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
