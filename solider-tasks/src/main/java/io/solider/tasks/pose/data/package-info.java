/**
 * Pose data as the release's mmpose 0.25 top-down recipe prepares it: the COCO reader
 * ({@link io.solider.tasks.pose.data.CocoKeypoints}), the people to crop from the ground truth or a
 * detector's boxes ({@link io.solider.tasks.pose.data.PersonInstances}), the box encoding
 * ({@link io.solider.tasks.pose.data.CenterScale}), the crop geometry
 * ({@link io.solider.tasks.pose.data.TopDownGeometry}), the training and test pipelines
 * ({@link io.solider.tasks.pose.data.TopDownTrainTransform},
 * {@link io.solider.tasks.pose.data.TopDownTestTransform}) and the heatmap targets
 * ({@link io.solider.tasks.pose.data.HeatmapTarget}).
 */
package io.solider.tasks.pose.data;
