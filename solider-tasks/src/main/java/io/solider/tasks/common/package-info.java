/**
 * Pieces shared by the tasks:
 * <ul>
 *   <li>data readers: {@link io.solider.tasks.common.DatasetSummary},
 *       {@link io.solider.tasks.common.DatasetFormatException} for layouts that are wrong,
 *       {@link io.solider.tasks.common.ImageSource}, which skips and counts unreadable images,
 *       {@link io.solider.tasks.common.JsonFiles} and {@link io.solider.tasks.common.CocoJson}
 *       (COCO ground-truth documents and results lists with located errors);
 *   <li>geometry: {@link io.solider.tasks.common.AffineMatrix} (with OpenCV's
 *       {@code getAffineTransform} and inversion) and {@link io.solider.tasks.common.AffineWarp}
 *       ({@code cv2.warpAffine} INTER_LINEAR, pixel-exact);
 *   <li>NumPy's arithmetic where a reproduced metric or target depends on it:
 *       {@link io.solider.tasks.common.NumpySum} (pairwise summation),
 *       {@link io.solider.tasks.common.NumpyArgsort} (default quicksort argsort, tie order) and
 *       {@link io.solider.tasks.common.NumpyExpFloat32} (vectorised float32 exp).
 * </ul>
 */
package io.solider.tasks.common;
