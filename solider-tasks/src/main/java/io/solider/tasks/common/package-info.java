/**
 * Pieces shared by the tasks, one class per concept:
 * <ul>
 *   <li>data readers: {@link io.solider.tasks.common.DatasetSummary},
 *       {@link io.solider.tasks.common.DatasetFormatException} for layouts that are wrong,
 *       {@link io.solider.tasks.common.ImageSource}, which skips and counts unreadable images
 *       ({@link io.solider.tasks.common.SkippedImages}), {@link io.solider.tasks.common.JsonFiles}
 *       (size-limited JSON reading, required fields and finite numbers with located errors),
 *       {@link io.solider.tasks.common.CocoJson} (COCO ground-truth documents and results lists),
 *       {@link io.solider.tasks.common.MatFiles} (MATLAB annotation files);
 *   <li>8-bit images and OpenCV-exact geometry: {@link io.solider.tasks.common.U8Image} (the one
 *       H×W×C byte image), {@link io.solider.tasks.common.AffineMatrix}
 *       ({@code cv2.getAffineTransform} and the inversion of {@code cv2.warpAffine}),
 *       {@link io.solider.tasks.common.CropTransform} (HRNet's {@code get_affine_transform} point
 *       pairs, as mmpose and SCHP build them), {@link io.solider.tasks.common.AffineWarp}
 *       ({@code cv2.warpAffine}: linear and nearest, any channel count, integer label maps, packed
 *       RGB), {@link io.solider.tasks.common.Cv2Resize}, {@link io.solider.tasks.common.Cv2Hsv}.
 *       PyTorch's bilinear {@code interpolate} of float maps in plain Java is solider-nn's
 *       {@code io.solider.nn.ops.Interpolation.resizeBilinear};
 *   <li>NumPy's arithmetic where a reproduced metric or target depends on it:
 *       {@link io.solider.tasks.common.NumpySum} (pairwise summation),
 *       {@link io.solider.tasks.common.NumpyArgsort} (default quicksort argsort, tie order) and
 *       {@link io.solider.tasks.common.NumpyExpFloat32} (vectorised float32 exp);
 *   <li>boxes: {@link io.solider.tasks.common.BoxOverlap} (IoU and IoU matrices with either pixel
 *       convention; torchvision's {@code box_iou} is {@code CONTINUOUS}),
 *       {@link io.solider.tasks.common.Nms} (torchvision's and mmdetection 1.x's variants),
 *       {@link io.solider.tasks.common.TorchvisionBoxes} (clipping, small-box removal, batched NMS,
 *       selection), {@link io.solider.tasks.common.BoxCoder};
 *   <li>results: {@link io.solider.tasks.common.Charts}, {@link io.solider.tasks.common.LambdaSweep}.
 * </ul>
 */
package io.solider.tasks.common;
