package io.solider.nn.train;

import java.util.Map;

/** Watches a {@link TrainingLoop}: monitors, charts, early checks. Every method has a no-op default. */
public interface TrainingListener<R, S extends StepRecord> {

  /** After each step (the run's parameters are already updated). */
  default void onStep(R run, S step) {}

  /** After each epoch (or the part of one that a run stopped in), with the epoch's averages. */
  default void onEpoch(int epoch, boolean complete, Map<String, Double> averages) {}

  /** After each evaluation; {@code epochsDone} is −1 for the evaluation before training. */
  default void onEvaluation(int epochsDone, Evaluation evaluation) {}
}
