package io.solider.cli.options;

import io.solider.nn.train.EvaluationPlan;
import picocli.CommandLine.Option;

/** When a training command evaluates on the task's test split (it always does at the end). */
public final class EvaluationOptions {

  @Option(names = "--eval-every", defaultValue = "0", paramLabel = "N",
      description = "Also evaluate every N epochs (0: only at the end). Default: ${DEFAULT-VALUE}.")
  int every;

  @Option(names = "--eval-before", description = "Also evaluate the model before training (metrics_initial.json).")
  boolean before;

  @Option(names = "--eval-batch-size", defaultValue = "32", paramLabel = "N",
      description = "Images per batch while evaluating. Default: ${DEFAULT-VALUE}.")
  int batchSize;

  public EvaluationPlan plan() {
    return new EvaluationPlan(before, every, true, batchSize);
  }
}
