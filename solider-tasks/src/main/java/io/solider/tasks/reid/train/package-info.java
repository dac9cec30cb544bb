/**
 * Re-id training with the SOLIDER-REID recipe: {@link io.solider.tasks.reid.train.ReidTrainer}
 * (epochs, checkpoints, resume, logs, evaluation), {@link io.solider.tasks.reid.train.ReidTraining}
 * (the step), {@link io.solider.tasks.reid.train.ReidTrainConfig} (the recipe).
 */
package io.solider.tasks.reid.train;
