package io.solider.tasks.reid.train;

import io.solider.tasks.reid.metric.ReidEvaluation;
import java.util.Map;

/** Receives the re-id trainer's measurements (e.g. a UI monitor); called on the training thread. */
public interface ReidTrainingListener {

  /** After each step. */
  void onStep(ReidStepStats stats, ReidTraining run);

  /** After each epoch, with the epoch's averages. */
  default void onEpoch(int epoch, Map<String, Double> averages) {}

  /** After each evaluation on query/gallery ({@code epoch} = epochs done). */
  default void onEvaluation(int epoch, ReidEvaluation evaluation) {}
}
