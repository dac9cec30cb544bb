package io.solider.ssl.trainer;

/** Receives the trainer's measurements (e.g. a UI monitor); called on the training thread. */
public interface TrainingListener {

  /** After each step. */
  void onStep(StepStats stats, SoliderPretraining run);

  /** After each epoch, with the epoch's averages. */
  default void onEpoch(int epoch, java.util.Map<String, Double> averages) {}
}
