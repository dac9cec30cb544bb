package io.solider.nn.train;

import java.io.IOException;

/** Evaluates a run's current model on the task's test data (the task's metric). */
@FunctionalInterface
public interface Evaluator<R> {

  Evaluation evaluate(R run) throws IOException;
}
