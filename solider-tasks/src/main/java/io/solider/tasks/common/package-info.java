/**
 * Pieces shared by the tasks:
 * <ul>
 *   <li>data readers: {@link io.solider.tasks.common.DatasetSummary},
 *       {@link io.solider.tasks.common.DatasetFormatException} for layouts that are wrong,
 *       {@link io.solider.tasks.common.ImageSource}, which skips and counts unreadable images,
 *       {@link io.solider.tasks.common.JsonFiles} and {@link io.solider.tasks.common.CocoJson}
 *       (COCO ground-truth documents and results lists with located errors);
 *   <li>geometry, OpenCV-exact: {@link io.solider.tasks.common.AffineMatrix}
 *       ({@code getAffineTransform} and inversion), {@link io.solider.tasks.common.AffineWarp}
 *       ({@code cv2.warpAffine}), {@link io.solider.tasks.common.U8Image}; PyTorch's
 *       bilinear resizes in plain Java are solider-nn's {@code Interpolation.resizeBilinear};
 *   <li>NumPy's arithmetic where a reproduced metric or target depends on it:
 *       {@link io.solider.tasks.common.NumpySum} (pairwise summation),
 *       {@link io.solider.tasks.common.NumpyArgsort} (default quicksort argsort, tie order) and
 *       {@link io.solider.tasks.common.NumpyExpFloat32} (vectorised float32 exp);
 *   <li>boxes: {@link io.solider.tasks.common.BoxOverlap} (IoU with either pixel convention),
 *       {@link io.solider.tasks.common.Nms} (torchvision's and mmdetection 1.x's variants),
 *       {@link io.solider.tasks.common.TorchvisionBoxes}, {@link io.solider.tasks.common.BoxCoder};
 *   <li>OpenCV-exact 8-bit image operations: {@link io.solider.tasks.common.Cv2Resize},
 *       {@link io.solider.tasks.common.Cv2Hsv};
 *   <li>results: {@link io.solider.tasks.common.Charts}, {@link io.solider.tasks.common.LambdaSweep}.
 * </ul>
 */
package io.solider.tasks.common;
