package io.solider.tasks.parsing.data;

import io.solider.tasks.common.CvAffine;

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
   * forward matrix (box → output), or with {@code inverse} the output → box matrix.
   */
  public static double[] transform(float[] center, float[] scale, double rot, int outHeight, int outWidth, boolean inverse) {
    float srcW = scale[0];
    double rotRad = Math.PI * rot / 180;
    double sn = Math.sin(rotRad);
    double cs = Math.cos(rotRad);
    double p1 = srcW * -0.5;
    double dir0 = 0 * cs - p1 * sn;
    double dir1 = 0 * sn + p1 * cs;
    float dstDir1 = (float) ((outWidth - 1) * -0.5);
    float[] src = new float[6];
    float[] dst = new float[6];
    src[0] = center[0];
    src[1] = center[1];
    src[2] = (float) ((double) center[0] + dir0);
    src[3] = (float) ((double) center[1] + dir1);
    dst[0] = (float) ((outWidth - 1) * 0.5);
    dst[1] = (float) ((outHeight - 1) * 0.5);
    dst[2] = (float) ((outWidth - 1) * 0.5 + 0.0);
    dst[3] = (float) ((outHeight - 1) * 0.5 + (double) dstDir1);
    thirdPoint(src);
    thirdPoint(dst);
    return inverse ? CvAffine.fromTriangles(dst, src) : CvAffine.fromTriangles(src, dst);
  }

  /** {@code get_3rd_point(a, b)}: b + (a − b) turned by 90°, in float32. */
  private static void thirdPoint(float[] p) {
    float d0 = p[0] - p[2];
    float d1 = p[1] - p[3];
    p[4] = p[2] + -d1;
    p[5] = p[3] + d0;
  }
}
