package io.solider.nn.train;

import java.util.Map;

/** What one training step measured: where it ran, its size and time, and its named scalars. */
public interface StepRecord {

  /** Where the step ran (its epoch, batch in the epoch and global iteration). */
  Position position();

  /** Images in the step. */
  int images();

  /** Wall time of the step in seconds. */
  double seconds();

  /** The total loss that was minimised (weights applied). */
  double loss();

  /**
   * The step's named scalars in log order (loss terms, accuracy, learning rate, norms…), as they
   * go into the run's JSON-lines log; NaN where a value does not apply to this step.
   */
  Map<String, Double> scalars();
}
