package io.solider.tasks.parsing.data;

import io.solider.tasks.common.AffineMatrix;
import io.solider.tasks.common.CropTransform;

/**
 * The release's crop geometry (SCHP {@code utils/transforms.py} {@code get_affine_transform} and
 * {@code datasets.py} {@code _box2cs}), with numpy's float32/float64 steps reproduced so that the
 * matrix is the release's to the last bit.
 *
 * <p>A box is a centre and a size in pixels ("scale"); the transform maps the box, rotated by
 * {@code rot} degrees about its centre, onto an output of {@code outHeight × outWidth}, the box
 * width spanning {@code outWidth − 1} pixels.
 */
public final class SchpAffine {

  private SchpAffine() {}

  /**
   * Centre and size of a box in pixels (float32, as the release's arrays).
   *
   * @param center {cx, cy}
   * @param scale {w, h}
   */
  public record Box(float[] center, float[] scale) {

    public Box {
      center = center.clone();
      scale = scale.clone();
    }

    @Override
    public float[] center() {
      return center.clone();
    }

    @Override
    public float[] scale() {
      return scale.clone();
    }
  }

  /**
   * The box of a whole {@code width × height} image as the release builds it ({@code _box2cs([0,
   * 0, w − 1, h − 1])}): centre ((w−1)/2, (h−1)/2), size (w−1, h−1) widened or heightened to the
   * aspect ratio {@code outWidth / outHeight}.
   */
  public static Box wholeImage(int width, int height, int outHeight, int outWidth) {
    double aspect = outWidth * 1.0 / outHeight;
    double w = width - 1;
    double h = height - 1;
    float cx = (float) (0 + w * 0.5);
    float cy = (float) (0 + h * 0.5);
    if (w > aspect * h) {
      h = w * 1.0 / aspect;
    } else if (w < aspect * h) {
      w = h * aspect;
    }
    return new Box(new float[] {cx, cy}, new float[] {(float) (w * 1.0), (float) (h * 1.0)});
  }

  /**
   * {@code get_affine_transform(center, scale, rot, [outHeight, outWidth], inv=inverse)}: the
   * forward matrix (box → output), or with {@code inverse} the output → box matrix. The box width
   * spans {@code outWidth − 1} pixels ({@link CropTransform}).
   *
   * @throws IllegalArgumentException if the box (or the output) has no width, so that the points
   *     are collinear and there is no such transform
   */
  public static AffineMatrix transform(float[] center, float[] scale, double rot, int outHeight, int outWidth,
      boolean inverse) {
    return CropTransform.of(center[0], center[1], scale[0], rot, outWidth - 1, outHeight - 1).solve(inverse)
        .orElseThrow(() -> new IllegalArgumentException("no affine transform between the box of centre ("
            + center[0] + ", " + center[1] + ") and width " + scale[0] + " and a " + outHeight + "×" + outWidth
            + " output: the points are collinear"));
  }
}
