package io.solider.bench.tasks;

import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.image.ImageSize;
import java.io.IOException;

/** How the task benchmark makes one task's {@link TaskWorkload}, and the release's sizes for it. */
public interface TaskWorkloads {

  /** The task's name as {@code solider bench task --task} takes it. */
  String task();

  /** The release's training input size (height x width). */
  ImageSize releaseSize();

  /** The release's training batch (per GPU where the release trains on several). */
  int releaseBatch();

  /** One line on what a step and an inference pass include (head, loss terms, optimiser). */
  String description();

  /** A workload with a randomly initialised backbone of {@code spec.arch()} and a fresh head. */
  TaskWorkload create(Spec spec) throws IOException;

  /**
   * What to build.
   *
   * @param arch backbone architecture (random weights: speed does not depend on them)
   * @param size input size of both training and inference
   * @param trainBatch images per training step
   * @param inferBatch images per inference pass
   * @param seed seeds the weights and the fixed random batch
   */
  record Spec(SwinConfig arch, ImageSize size, int trainBatch, int inferBatch, long seed) {
    public Spec {
      if (trainBatch < 1 || inferBatch < 1) {
        throw new IllegalArgumentException("batch sizes must be at least 1, got " + trainBatch + " and " + inferBatch);
      }
    }
  }
}
