/**
 * Pieces shared by the tasks: {@link io.solider.tasks.common.DatasetSummary},
 * {@link io.solider.tasks.common.DatasetFormatException} for layouts that are wrong,
 * {@link io.solider.tasks.common.ImageSource}, which skips and counts unreadable images; box
 * geometry ({@link io.solider.tasks.common.BoxOverlap}: IoU with either pixel convention) and
 * {@link io.solider.tasks.common.Nms} (torchvision's and mmdetection 1.x's variants); and
 * OpenCV-exact 8-bit image operations ({@link io.solider.tasks.common.U8Image},
 * {@link io.solider.tasks.common.Cv2Resize}, {@link io.solider.tasks.common.Cv2Hsv}).
 */
package io.solider.tasks.common;
