package io.solider.bench.tasks;

import io.solider.nn.train.Position;
import java.util.function.Consumer;

/**
 * One task's model set up for the task benchmark: a training step on a fixed batch (forward,
 * backward, the recipe's optimiser update) and an inference pass, both at the size and batches of
 * the {@link TaskWorkloads.Spec} it was made from.
 */
public interface TaskWorkload extends AutoCloseable {

  /** One training step, as the task's trainer runs it. */
  void trainStep(Position at);

  /** One inference pass over the spec's inference batch: one scale, no flip, no test-time fusion. */
  void infer();

  @Override
  default void close() {}

  /** A workload from its step, its inference pass and what frees its arrays at the end. */
  static TaskWorkload of(Consumer<Position> trainStep, Runnable infer, Runnable close) {
    return new TaskWorkload() {
      @Override
      public void trainStep(Position at) {
        trainStep.accept(at);
      }

      @Override
      public void infer() {
        infer.run();
      }

      @Override
      public void close() {
        close.run();
      }
    };
  }
}
