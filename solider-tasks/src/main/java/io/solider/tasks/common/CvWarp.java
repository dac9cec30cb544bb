package io.solider.tasks.common;

/**
 * {@code cv2.warpAffine} with a constant border, pixel-exact with OpenCV 4 on the CPU: the
 * destination-to-source map is the inverse of the forward matrix ({@link CvAffine#invert}), sampled
 * in fixed point (coordinates scaled by 1024 and rounded half to even per row and column term,
 * as OpenCV's {@code WarpAffineInvoker}); nearest takes the pixel the rounded coordinate falls in,
 * linear splits it into 1/32-pixel steps and blends the four neighbours with 15-bit integer
 * weights, a neighbour outside the source taking the border value.
 */
public final class CvWarp {

  /** Interpolation of {@link #warpAffine}. */
  public enum Interpolation {
    /** {@code cv2.INTER_NEAREST}. */
    NEAREST,
    /** {@code cv2.INTER_LINEAR}. */
    LINEAR
  }

  private static final int AB_BITS = 10;
  private static final int AB_SCALE = 1 << AB_BITS;
  private static final int INTER_BITS = 5;
  private static final int INTER_TAB_SIZE = 1 << INTER_BITS;
  private static final int COEF_BITS = 15;

  private CvWarp() {}

  /**
   * {@code cv2.warpAffine(src, m, (outWidth, outHeight), flags=interpolation,
   * borderMode=BORDER_CONSTANT, borderValue=border)} for a forward matrix {@code m}.
   */
  public static ByteImage warpAffine(ByteImage src, double[] m, int outHeight, int outWidth, Interpolation interpolation,
      int border) {
    checkSize(outHeight, outWidth);
    Map map = map(m, outHeight, outWidth, interpolation);
    int cn = src.channels();
    byte[] out = new byte[outHeight * outWidth * cn];
    byte[] s = src.data();
    int w = src.width();
    int h = src.height();
    for (int i = 0; i < outHeight * outWidth; i++) {
      int sx = map.sx[i];
      int sy = map.sy[i];
      if (interpolation == Interpolation.NEAREST) {
        boolean inside = sx >= 0 && sx < w && sy >= 0 && sy < h;
        for (int c = 0; c < cn; c++) {
          out[i * cn + c] = inside ? s[(sy * w + sx) * cn + c] : (byte) border;
        }
        continue;
      }
      int tx = map.alpha[i] & (INTER_TAB_SIZE - 1);
      int ty = map.alpha[i] >> INTER_BITS;
      // BilinearTab_i: products of (32 − t, t) pairs times 32, exact integers summing to 2^15
      int w00 = (INTER_TAB_SIZE - ty) * (INTER_TAB_SIZE - tx) * INTER_TAB_SIZE;
      int w01 = (INTER_TAB_SIZE - ty) * tx * INTER_TAB_SIZE;
      int w10 = ty * (INTER_TAB_SIZE - tx) * INTER_TAB_SIZE;
      int w11 = ty * tx * INTER_TAB_SIZE;
      if (sx >= w || sx + 1 < 0 || sy >= h || sy + 1 < 0) {
        for (int c = 0; c < cn; c++) {
          out[i * cn + c] = (byte) border;
        }
        continue;
      }
      boolean x0in = sx >= 0;
      boolean x1in = sx + 1 < w;
      boolean y0in = sy >= 0;
      boolean y1in = sy + 1 < h;
      for (int c = 0; c < cn; c++) {
        int v00 = x0in && y0in ? s[(sy * w + sx) * cn + c] & 0xff : border;
        int v01 = x1in && y0in ? s[(sy * w + sx + 1) * cn + c] & 0xff : border;
        int v10 = x0in && y1in ? s[((sy + 1) * w + sx) * cn + c] & 0xff : border;
        int v11 = x1in && y1in ? s[((sy + 1) * w + sx + 1) * cn + c] & 0xff : border;
        int sum = v00 * w00 + v01 * w01 + v10 * w10 + v11 * w11;
        out[i * cn + c] = (byte) clampByte((sum + (1 << (COEF_BITS - 1))) >> COEF_BITS);
      }
    }
    return new ByteImage(outHeight, outWidth, cn, out);
  }

  /**
   * {@code cv2.warpAffine} with INTER_NEAREST on a single-channel integer map (row-major {@code
   * height × width}), e.g. the release's {@code transform_parsing} of an argmax.
   */
  public static int[] warpNearest(int[] src, int height, int width, double[] m, int outHeight, int outWidth, int border) {
    if ((long) height * width != src.length) {
      throw new IllegalArgumentException(height + "×" + width + " map needs " + (long) height * width + " values, got "
          + src.length);
    }
    checkSize(outHeight, outWidth);
    Map map = map(m, outHeight, outWidth, Interpolation.NEAREST);
    int[] out = new int[outHeight * outWidth];
    for (int i = 0; i < out.length; i++) {
      int sx = map.sx[i];
      int sy = map.sy[i];
      out[i] = sx >= 0 && sx < width && sy >= 0 && sy < height ? src[sy * width + sx] : border;
    }
    return out;
  }

  /** Source coordinates (and 1/32 fractions for linear) of every destination pixel. */
  private record Map(int[] sx, int[] sy, int[] alpha) {}

  private static Map map(double[] forward, int outHeight, int outWidth, Interpolation interpolation) {
    double[] m = CvAffine.invert(forward);
    int[] adelta = new int[outWidth];
    int[] bdelta = new int[outWidth];
    for (int x = 0; x < outWidth; x++) {
      adelta[x] = roundToInt(m[0] * x * AB_SCALE);
      bdelta[x] = roundToInt(m[3] * x * AB_SCALE);
    }
    boolean nearest = interpolation == Interpolation.NEAREST;
    int roundDelta = nearest ? AB_SCALE / 2 : AB_SCALE / INTER_TAB_SIZE / 2;
    int n = outHeight * outWidth;
    int[] sx = new int[n];
    int[] sy = new int[n];
    int[] alpha = nearest ? null : new int[n];
    for (int y = 0; y < outHeight; y++) {
      int x0 = roundToInt((m[1] * y + m[2]) * AB_SCALE) + roundDelta;
      int y0 = roundToInt((m[4] * y + m[5]) * AB_SCALE) + roundDelta;
      for (int x = 0; x < outWidth; x++) {
        int i = y * outWidth + x;
        if (nearest) {
          sx[i] = clampShort((x0 + adelta[x]) >> AB_BITS);
          sy[i] = clampShort((y0 + bdelta[x]) >> AB_BITS);
        } else {
          int xx = (x0 + adelta[x]) >> (AB_BITS - INTER_BITS);
          int yy = (y0 + bdelta[x]) >> (AB_BITS - INTER_BITS);
          sx[i] = clampShort(xx >> INTER_BITS);
          sy[i] = clampShort(yy >> INTER_BITS);
          alpha[i] = (yy & (INTER_TAB_SIZE - 1)) * INTER_TAB_SIZE + (xx & (INTER_TAB_SIZE - 1));
        }
      }
    }
    return new Map(sx, sy, alpha);
  }

  /** OpenCV's {@code saturate_cast<int>(double)}: round half to even, clamped. */
  static int roundToInt(double v) {
    double r = Math.rint(v);
    if (r >= Integer.MAX_VALUE) {
      return Integer.MAX_VALUE;
    }
    if (r <= Integer.MIN_VALUE) {
      return Integer.MIN_VALUE;
    }
    return (int) r;
  }

  private static int clampShort(int v) {
    return Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
  }

  private static int clampByte(int v) {
    return Math.max(0, Math.min(255, v));
  }

  private static void checkSize(int h, int w) {
    if (h < 1 || w < 1) {
      throw new IllegalArgumentException("output size must be positive, got " + h + "×" + w);
    }
  }
}
