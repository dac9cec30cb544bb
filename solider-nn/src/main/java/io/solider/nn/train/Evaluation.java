package io.solider.nn.train;

import java.util.Map;

/**
 * The result of evaluating a model on a task's test data. It owns the JSON schema of the task's
 * metrics file: {@link #toJson} returns the keys, in order and in the units the task's exchange
 * format names (fractions unless the field reports percent), so every command and trainer that
 * writes this task's metrics writes the same file.
 */
public interface Evaluation {

  /** The metrics as the task's metrics JSON object (ordered keys; numbers, arrays and nested maps). */
  Map<String, Object> toJson();

  /** The headline metrics in one line, for logs. */
  String summary();
}
