package io.solider.tasks.common;

import java.util.Optional;

/**
 * The three point pairs of HRNet's {@code get_affine_transform(center, scale, rot, output_size)},
 * which mmpose (pose) and SCHP (parsing) both carry, built in float32 as the releases build them:
 * the box centre, the centre plus the box's upward half-width vector turned by {@code rot} degrees,
 * and the third corner of the right angle ({@code get_3rd_point}); on the crop side the point
 * {@code (cropWidth/2, cropHeight/2)}, the same moved up by {@code cropWidth/2}, and its third
 * corner. The two releases differ only in the crop extent passed: mmpose maps the box width onto
 * the output width, SCHP onto the output width − 1.
 *
 * @param box the box-side points x0, y0, x1, y1, x2, y2
 * @param crop the crop-side points
 */
public record CropTransform(float[] box, float[] crop) {

  public CropTransform {
    box = box.clone();
    crop = crop.clone();
  }

  @Override
  public float[] box() {
    return box.clone();
  }

  @Override
  public float[] crop() {
    return crop.clone();
  }

  /**
   * The points for a box centred at (cx, cy), {@code boxWidth} pixels wide, rotated by
   * {@code rotationDegrees}, onto a crop of extent {@code cropWidth × cropHeight}.
   */
  public static CropTransform of(float cx, float cy, float boxWidth, double rotationDegrees, int cropWidth,
      int cropHeight) {
    double rot = Math.PI * rotationDegrees / 180;
    double sn = Math.sin(rot);
    double cs = Math.cos(rot);
    double py = boxWidth * -0.5; // the direction (0, −w/2), turned
    double dirX = 0.0 * cs - py * sn;
    double dirY = 0.0 * sn + py * cs;
    float[] src = new float[6];
    src[0] = cx;
    src[1] = cy;
    src[2] = (float) (cx + dirX);
    src[3] = (float) (cy + dirY);
    thirdPoint(src);
    float[] dst = new float[6];
    dst[0] = (float) (cropWidth * 0.5);
    dst[1] = (float) (cropHeight * 0.5);
    dst[2] = (float) (cropWidth * 0.5);
    dst[3] = (float) (cropHeight * 0.5 + (double) (float) (cropWidth * -0.5)); // SCHP's dst_dir is float32
    thirdPoint(dst);
    return new CropTransform(src, dst);
  }

  /**
   * The box → crop matrix ({@code cv2.getAffineTransform}), or with {@code inverse} crop → box; the
   * zero matrix where the points are collinear, as OpenCV.
   */
  public AffineMatrix matrix(boolean inverse) {
    return inverse ? AffineMatrix.fromPoints(crop, box) : AffineMatrix.fromPoints(box, crop);
  }

  /** {@link #matrix}, empty where the source points are collinear (a box or crop of no width). */
  public Optional<AffineMatrix> solve(boolean inverse) {
    return inverse ? AffineMatrix.solve(crop, box) : AffineMatrix.solve(box, crop);
  }

  /** {@code get_3rd_point(a, b)}: b plus (a − b) turned by 90°, in float32; fills {@code p[4..5]}. */
  private static void thirdPoint(float[] p) {
    float d0 = p[0] - p[2];
    float d1 = p[1] - p[3];
    p[4] = p[2] + -d1;
    p[5] = p[3] + d0;
  }
}
