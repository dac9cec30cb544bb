/**
 * {@code solider bench task}: a training step and an inference pass of each downstream task at the
 * release's input size. One {@link io.solider.bench.tasks.TaskWorkloads} per task; the command
 * times them all the same way.
 */
package io.solider.bench.tasks;
