/**
 * Reading the pose head's output as the release does: {@link io.solider.tasks.pose.head.FlipTest}
 * (mirrored-input heatmaps flipped back, shifted and averaged) and
 * {@link io.solider.tasks.pose.head.HeatmapDecoder} (argmax, quarter-pixel shift, back-projection).
 * The head network itself comes in phase 2.
 */
package io.solider.tasks.pose.head;
