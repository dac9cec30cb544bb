/**
 * COCO keypoint evaluation as pycocotools computes it
 * ({@link io.solider.tasks.pose.metric.CocoKeypointEvaluator} over
 * {@link io.solider.tasks.pose.metric.KeypointGroundTruth} and
 * {@link io.solider.tasks.pose.metric.KeypointResults}, giving a
 * {@link io.solider.tasks.pose.metric.KeypointEvaluation}), and the release's step from per-box
 * predictions to a results list: rescoring and OKS-NMS
 * ({@link io.solider.tasks.pose.metric.KeypointResultsBuilder}, {@link io.solider.tasks.pose.metric.OksNms}), and the
 * training accuracy mmpose logs ({@link io.solider.tasks.pose.metric.PckAccuracy}).
 */
package io.solider.tasks.pose.metric;
