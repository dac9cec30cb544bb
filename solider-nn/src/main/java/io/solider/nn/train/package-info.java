/**
 * The training layer every task uses: the loop, run folder, checkpoints, loader, seeds, parameter
 * groups and schedules. A task supplies its data, head, loss, metric and recipe.
 */
package io.solider.nn.train;
