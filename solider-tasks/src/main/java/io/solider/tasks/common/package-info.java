/**
 * Pieces shared by the tasks: {@link io.solider.tasks.common.DatasetSummary}, {@link
 * io.solider.tasks.common.DatasetFormatException} for layouts that are wrong, {@link
 * io.solider.tasks.common.ImageSource}, which skips and counts unreadable images; OpenCV-exact
 * geometry for crops ({@link io.solider.tasks.common.ByteImage}, {@link
 * io.solider.tasks.common.CvAffine}, {@link io.solider.tasks.common.CvWarp}), PyTorch's
 * corner-aligned bilinear resize in plain Java ({@link io.solider.tasks.common.AlignedBilinear})
 * and numpy's summation order ({@link io.solider.tasks.common.NumpySum}).
 */
package io.solider.tasks.common;
