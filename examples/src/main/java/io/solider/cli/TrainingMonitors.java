package io.solider.cli;

import io.solider.ssl.trainer.SoliderTrainer;
import io.solider.ui.TrainingUi;

/** Starts the training UI for a trainer (see {@link TrainingUi}). */
final class TrainingMonitors {

  private TrainingMonitors() {}

  static AutoCloseable start(SoliderTrainer trainer, int port) {
    return TrainingUi.start(trainer, port);
  }
}
