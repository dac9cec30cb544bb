package io.solider.spark.extract;

import io.solider.nn.backbone.SemanticWeights;
import io.solider.nn.image.ImageDecodeException;
import io.solider.nn.image.ImageNormalization;
import io.solider.nn.image.Images;
import io.solider.nn.util.NdArrays;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.CollectionAccumulator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The executor side of the extract job: one partition's images, decoded, resized and normalised
 * as {@code solider extract} does, run through the executor's backbone batch by batch (rows are
 * produced lazily, one batch in memory). Images that do not read or decode go to the failure
 * accumulator ("file: reason") and produce no row. Subclasses say where an item's bytes come from
 * and what row it becomes.
 *
 * @param <T> one input item (an image file, or a row of Spark's {@code binaryFile} source)
 */
abstract class PartitionExtractor<T> implements FlatMapFunction<Iterator<T>, Row> {

  protected final ExtractJobConfig config;
  private final CollectionAccumulator<String> failures;

  PartitionExtractor(ExtractJobConfig config, CollectionAccumulator<String> failures) {
    this.config = config;
    this.failures = failures;
  }

  /** The item's name in failure messages (its file name relative to the input). */
  abstract String name(T item);

  /**
   * The item decoded to RGB, with {@link Images}' pixel limit.
   *
   * @throws ImageDecodeException when it does not decode or is too large
   * @throws IOException when it cannot be read
   */
  abstract BufferedImage decode(T item) throws IOException;

  /** The output row of an item and its pooled feature. */
  abstract Row row(T item, Float[] embedding);

  @Override
  public Iterator<Row> call(Iterator<T> items) {
    ExecutorBackbones.Lease lease =
        ExecutorBackbones.lease(config.checkpoint(), config.engine(), config.height(), config.width());
    TaskContext task = TaskContext.get();
    if (task != null) {
      task.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) ctx -> lease.close());
    }
    return new Batches(items, lease);
  }

  /** Rows of one partition, one forward pass per batch. */
  private final class Batches implements Iterator<Row> {
    private final Iterator<T> in;
    private final ExecutorBackbones.Lease lease;
    private final ImageNormalization norm;
    private final ArrayDeque<Row> ready = new ArrayDeque<>();
    private final float[] pixels;

    Batches(Iterator<T> in, ExecutorBackbones.Lease lease) {
      this.in = in;
      this.lease = lease;
      this.norm = ImageNormalization.named(config.normalization());
      this.pixels = new float[config.batchSize() * 3 * config.height() * config.width()];
    }

    @Override
    public boolean hasNext() {
      while (ready.isEmpty() && in.hasNext()) {
        nextBatch();
      }
      return !ready.isEmpty();
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return ready.poll();
    }

    private void nextBatch() {
      int per = 3 * config.height() * config.width();
      List<T> kept = new ArrayList<>();
      while (kept.size() < config.batchSize() && in.hasNext()) {
        T item = in.next();
        try {
          Images.toChw(Images.resize(decode(item), config.height(), config.width()), norm, pixels, kept.size() * per);
          kept.add(item);
        } catch (ImageDecodeException e) {
          failures.add(e.getMessage()); // "file: cannot decode image: reason"
        } catch (IOException e) {
          failures.add(name(item) + ": cannot read (" + e + ")");
        }
      }
      if (kept.isEmpty()) {
        return;
      }
      int n = kept.size();
      INDArray batch = Nd4j.create(Arrays.copyOf(pixels, n * per), new long[] {n, 3, config.height(), config.width()}, 'c');
      double[] lambdas = new double[n];
      Arrays.fill(lambdas, config.semanticWeight());
      INDArray weights = SemanticWeights.of(lambdas);
      INDArray pooled = lease.runner().pooled(batch, weights);
      float[] flat = pooled.dup('c').data().asFloat();
      int dim = flat.length / n;
      for (int i = 0; i < n; i++) {
        Float[] boxed = new Float[dim];
        for (int k = 0; k < dim; k++) {
          boxed[k] = flat[i * dim + k];
        }
        ready.add(row(kept.get(i), boxed));
      }
      NdArrays.close(batch);
      NdArrays.close(weights);
      NdArrays.close(pooled);
    }
  }
}
