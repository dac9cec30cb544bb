package io.solider.tasks.pose.data;

import io.solider.tasks.common.AffineMatrix;
import io.solider.tasks.common.CropTransform;

/**
 * mmpose's {@code get_affine_transform(center, scale, rot, output_size)}: the map from the image to a
 * {@code width × height} crop showing the box {@code scale·200} around {@code center}, rotated by
 * {@code rot} degrees: the box width maps onto the crop width ({@link CropTransform}, the point pairs
 * built in float32 as the release builds them, solved by {@link AffineMatrix#fromPoints}, which is
 * {@code cv2.getAffineTransform}).
 */
public final class TopDownGeometry {

  private TopDownGeometry() {}

  /**
   * The image → crop matrix, or with {@code inverse} the crop → image matrix.
   *
   * @param box centre and scale
   * @param rotationDegrees rotation (degrees, counter-clockwise in the image as in the release)
   * @param width crop width
   * @param height crop height
   * @param inverse crop → image instead
   */
  public static AffineMatrix affine(CenterScale box, double rotationDegrees, int width, int height, boolean inverse) {
    return CropTransform.of(box.cx(), box.cy(), box.sx() * CenterScale.PIXEL_STD, rotationDegrees, width, height)
        .matrix(inverse);
  }

  /**
   * {@code affine_transform(pt, trans)} for joint coordinates stored as float32: the float64 image of
   * (x, y), rounded to float32.
   */
  public static void transformJoint(AffineMatrix m, float[] joints, int k) {
    double x = joints[2 * k];
    double y = joints[2 * k + 1];
    joints[2 * k] = (float) (m.a() * x + m.b() * y + m.c() * 1.0);
    joints[2 * k + 1] = (float) (m.d() * x + m.e() * y + m.f() * 1.0);
  }
}
