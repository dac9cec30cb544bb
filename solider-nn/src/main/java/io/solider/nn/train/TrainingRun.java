package io.solider.nn.train;

import java.io.IOException;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The state of one task's training run (model, optimiser, loss state) and its step: what a task
 * gives {@link TrainingLoop}. The loop owns the order of things (data, step, log, checkpoint,
 * evaluation); the run owns the numbers.
 *
 * @param <B> the batch type of the task's data
 * @param <S> what a step measures
 */
public interface TrainingRun<B, S extends StepRecord> {

  /**
   * Trains on one batch.
   *
   * @param at where this step runs (indexes schedules and seeds the step's random draws)
   * @throws NonFiniteLossException before anything changed, if a loss term is NaN or infinite
   */
  S step(B batch, Position at);

  /**
   * Writes everything needed to continue exactly at {@code next} (the run folder's checkpoint,
   * atomically) and the task's model file in the release's layout.
   */
  void save(RunFolder folder, Position next) throws IOException;

  /**
   * Called when {@code epoch} has run to its end, before its checkpoint is written: where a recipe
   * does per-epoch work that belongs to the training state (a plateau scheduler stepped on a
   * validation loss, a self-correction cycle, re-estimated batch-norm statistics). Default: nothing.
   */
  default void onEpochEnd(int epoch) throws IOException {}

  /** The model's parameters by release key, for monitors (live arrays: read, don't modify). */
  Map<String, INDArray> parameters();
}
