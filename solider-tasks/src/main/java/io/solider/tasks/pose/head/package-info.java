/**
 * The pose network and reading its output as the release does: the head
 * ({@link io.solider.tasks.pose.head.PoseHead}, mmpose's {@code TopdownHeatmapSimpleHead} on
 * {@code HeadGraph}), the whole model with the release's state-dict keys
 * ({@link io.solider.tasks.pose.head.PoseModel}), the flip test
 * ({@link io.solider.tasks.pose.head.FlipTest}: mirrored-input heatmaps flipped back, shifted and
 * averaged) and {@link io.solider.tasks.pose.head.HeatmapDecoder} (argmax, quarter-pixel shift,
 * back-projection).
 */
package io.solider.tasks.pose.head;
