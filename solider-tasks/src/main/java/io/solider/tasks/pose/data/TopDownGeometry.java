package io.solider.tasks.pose.data;

import io.solider.tasks.common.AffineMatrix;

/**
 * mmpose's {@code get_affine_transform(center, scale, rot, output_size)}: the map from the image to a
 * {@code width × height} crop showing the box {@code scale·200} around {@code center}, rotated by
 * {@code rot} degrees. Three point pairs are built in float32 as the release builds them (centre,
 * centre plus the rotated half-width "up" vector, and the third point of the right angle) and solved
 * by {@link AffineMatrix#fromPoints} ({@code cv2.getAffineTransform}).
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
    float srcW = box.sx() * CenterScale.PIXEL_STD;
    double rot = Math.PI * rotationDegrees / 180;
    double sn = Math.sin(rot);
    double cs = Math.cos(rot);
    double px = 0.0;
    double py = srcW * -0.5;
    double dirX = px * cs - py * sn;
    double dirY = px * sn + py * cs;
    float[] src = new float[6];
    src[0] = box.cx();
    src[1] = box.cy();
    src[2] = (float) (box.cx() + dirX);
    src[3] = (float) (box.cy() + dirY);
    thirdPoint(src);
    float[] dst = new float[6];
    dst[0] = (float) (width * 0.5);
    dst[1] = (float) (height * 0.5);
    dst[2] = (float) (width * 0.5);
    dst[3] = (float) (height * 0.5 + width * -0.5);
    thirdPoint(dst);
    return inverse ? AffineMatrix.fromPoints(dst, src) : AffineMatrix.fromPoints(src, dst);
  }

  /** {@code _get_3rd_point(a, b)}: b plus (a − b) turned by 90°, in float32; fills {@code p[4..5]}. */
  private static void thirdPoint(float[] p) {
    float d0 = p[0] - p[2];
    float d1 = p[1] - p[3];
    p[4] = p[2] + -d1;
    p[5] = p[3] + d0;
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
