package io.solider.cli;

import io.solider.ssl.trainer.SoliderTrainer;

/** Starts the training UI for a trainer (see io.solider.ui). */
final class TrainingMonitors {

  private TrainingMonitors() {}

  static AutoCloseable start(SoliderTrainer trainer, int port) {
    throw new UnsupportedOperationException("the training UI is not available in this build");
  }
}
