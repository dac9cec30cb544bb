package io.solider.tasks.pose.data;

import java.nio.file.Path;

/**
 * One annotated person in a COCO keypoints file (top-down pose works per person).
 *
 * @param image the image file
 * @param imageId COCO image id
 * @param imageWidth image width
 * @param imageHeight image height
 * @param annotationId COCO annotation id
 * @param bbox person box x, y, w, h
 * @param keypoints 17 × (x, y, v): v 0 = not labelled, 1 = labelled but hidden, 2 = visible
 * @param numKeypoints labelled keypoints as stated in the file
 * @param crowd {@code iscrowd} flag
 * @param area the annotation's {@code area}, NaN when the file gives none
 */
public record PoseSample(Path image, long imageId, int imageWidth, int imageHeight, long annotationId,
    double[] bbox, double[] keypoints, int numKeypoints, boolean crowd, double area) {}
