package io.solider.nn.train;

/**
 * When a training run evaluates its model on the task's test data.
 *
 * @param before once before the first step of a fresh run ({@code metrics_initial.json})
 * @param every also after every this many completed epochs, except the last (0: never;
 *     {@code metrics_epochN.json})
 * @param atEnd when the call ends: after the last epoch, or where {@code maxIterations} stopped
 *     it ({@code metrics.json})
 * @param batchSize images per batch while computing the evaluation's predictions
 */
public record EvaluationPlan(boolean before, int every, boolean atEnd, int batchSize) {

  public EvaluationPlan {
    if (every < 0 || batchSize < 1) {
      throw new IllegalArgumentException("evaluation interval must be >= 0 and batch size >= 1, got " + every
          + " and " + batchSize);
    }
  }

  /** No evaluation. */
  public static EvaluationPlan none() {
    return new EvaluationPlan(false, 0, false, 32);
  }

  /** Only at the end of the call. */
  public static EvaluationPlan onlyAtEnd() {
    return new EvaluationPlan(false, 0, true, 32);
  }

  public EvaluationPlan withBefore(boolean b) {
    return new EvaluationPlan(b, every, atEnd, batchSize);
  }

  public EvaluationPlan withEvery(int n) {
    return new EvaluationPlan(before, n, atEnd, batchSize);
  }

  public EvaluationPlan withAtEnd(boolean b) {
    return new EvaluationPlan(before, every, b, batchSize);
  }

  public EvaluationPlan withBatchSize(int n) {
    return new EvaluationPlan(before, every, atEnd, n);
  }

  public boolean any() {
    return before || every > 0 || atEnd;
  }
}
