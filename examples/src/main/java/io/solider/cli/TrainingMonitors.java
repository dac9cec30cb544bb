package io.solider.cli;

import io.solider.ssl.trainer.SoliderTrainer;
import io.solider.tasks.reid.train.ReidTrainer;
import io.solider.ui.ReidMonitor;
import io.solider.ui.TrainingUi;

/** Starts the training UI for a trainer (see {@link TrainingUi}). */
final class TrainingMonitors {

  private TrainingMonitors() {}

  static AutoCloseable start(SoliderTrainer trainer, int port) {
    return TrainingUi.start(trainer, port);
  }

  static AutoCloseable start(ReidTrainer trainer, int port) {
    return ReidMonitor.serve(trainer, port);
  }
}
