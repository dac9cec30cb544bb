/**
 * Execution of our SameDiff graphs: {@link io.solider.nn.exec.GraphRunner} is the one call the
 * model code makes to run a graph (outputs, or outputs and gradients), and
 * {@link io.solider.nn.exec.GraphExecution} picks the engine: a planned executor (precomputed op
 * order, intermediates freed at their last use) or SameDiff's own session.
 */
package io.solider.nn.exec;
