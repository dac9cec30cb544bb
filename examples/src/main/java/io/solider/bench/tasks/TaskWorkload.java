package io.solider.bench.tasks;

import io.solider.nn.train.Position;

/**
 * One task's model set up for the task benchmark: a training step on a fixed batch (forward,
 * backward, the recipe's optimiser update) and an inference forward pass, both at the size the
 * workload was made for.
 */
public interface TaskWorkload extends AutoCloseable {

  /** Images in one training step. */
  int trainBatch();

  /** Images in one inference pass. */
  int inferBatch();

  /** One training step, as the task's trainer runs it. */
  void trainStep(Position at);

  /** One inference pass over {@link #inferBatch()} images: one scale, no flip, no test-time fusion. */
  void infer();

  @Override
  default void close() {}
}
