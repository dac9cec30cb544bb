/**
 * The pose loss: {@link io.solider.tasks.pose.loss.JointsMseLoss}, the release's target-weighted
 * heatmap MSE, returning the value and its gradient with respect to the heatmaps.
 */
package io.solider.tasks.pose.loss;
