package io.solider.tasks.pose.data;

/**
 * One training sample as the release's pipeline leaves it.
 *
 * @param image 3 × H × W, ImageNet-normalised RGB
 * @param target 17 × h × w target heatmaps
 * @param targetWeight 17 target weights
 * @param joints 17 × (x, y) in crop pixels (float32)
 * @param visible 17 visibilities after flipping
 * @param box centre and scale used for the crop (after flip, half-body and random scale)
 * @param rotation rotation used (degrees)
 * @param flipped whether the image was mirrored
 */
public record TopDownSample(float[] image, float[] target, float[] targetWeight, float[] joints, float[] visible,
    CenterScale box, double rotation, boolean flipped) {}
