/**
 * Pose training with SOLIDER-HumanPose's recipe (mmpose 0.25 top-down heatmaps): the configuration
 * ({@link io.solider.tasks.pose.train.PoseTrainConfig}, {@code release(arch)}), the run and its step
 * ({@link io.solider.tasks.pose.train.PoseTraining}), its files
 * ({@link io.solider.tasks.pose.train.PoseCheckpoint}) and the trainer on the shared loop
 * ({@link io.solider.tasks.pose.train.PoseTrainer}).
 */
package io.solider.tasks.pose.train;
