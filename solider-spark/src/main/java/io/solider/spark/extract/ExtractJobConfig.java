package io.solider.spark.extract;

import io.solider.nn.extract.InferenceEngine;
import java.io.Serializable;

/**
 * Settings of a Spark extraction: the model, how images are prepared, how work is split.
 *
 * @param checkpoint the backbone checkpoint, a path every executor can read (a shared file system,
 *     or a file shipped with {@code spark-submit --files} and named by its local name)
 * @param semanticWeight λ in [0, 1], one for every image
 * @param height image height after resizing
 * @param width image width after resizing
 * @param normalization {@code imagenet} or {@code reid} (see {@code ImageNormalization.named})
 * @param batchSize images per forward pass on an executor
 * @param partitions input partitions (tasks); 0 = Spark's default parallelism
 * @param engine the inference engine the executors run
 */
public record ExtractJobConfig(String checkpoint, double semanticWeight, int height, int width, String normalization,
    int batchSize, int partitions, InferenceEngine engine) implements Serializable {

  public ExtractJobConfig {
    if (!(semanticWeight >= 0 && semanticWeight <= 1)) {
      throw new IllegalArgumentException("semantic weight " + semanticWeight + " is outside [0, 1]");
    }
    if (height < 1 || width < 1) {
      throw new IllegalArgumentException("image size must be positive, got " + height + "x" + width);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
    }
    if (partitions < 0) {
      throw new IllegalArgumentException("partitions must be >= 0, got " + partitions);
    }
  }
}
