package io.solider.tasks.common;

import java.awt.image.BufferedImage;

/**
 * {@code cv2.warpAffine(src, M, dsize, flags, borderMode=BORDER_CONSTANT, borderValue)} for 8-bit
 * images of any channel count and for integer label maps, pixel-exact with OpenCV 4 on the CPU
 * (checked against Debian's cv2 by pose's and parsing's references):
 *
 * <ul>
 *   <li>the forward matrix is inverted as OpenCV does ({@link AffineMatrix#inverse});
 *   <li>each output pixel's source position is computed in 1/1024 px, {@code cvRound(m·x·1024)} per
 *       column plus {@code cvRound((m·y + c)·1024)} per row (round half to even), plus half a step;
 *   <li>{@link Interpolation#NEAREST} takes the pixel that position falls in;
 *       {@link Interpolation#LINEAR} cuts it to 1/32 px and blends the four neighbours with the
 *       integer weights {@code 32·(32−fx)(32−fy)}, … (sum 2¹⁵), rounding by {@code (s + 2¹⁴) >> 15};
 *   <li>a neighbour outside the source takes the border value, and an output pixel whose
 *       neighbours all lie outside is the border value.
 * </ul>
 *
 * <p>Sizes are given in cv2's {@code dsize} order, width before height.
 */
public final class AffineWarp {

  /** Interpolation of {@link #warp(U8Image, AffineMatrix, int, int, Interpolation, int)}. */
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

  private AffineWarp() {}

  /**
   * {@code cv2.warpAffine(src, m, (outWidth, outHeight), flags=interpolation,
   * borderMode=BORDER_CONSTANT, borderValue=border)} for a forward (source → output) matrix
   * {@code m}; every channel gets the same border value.
   */
  public static U8Image warp(U8Image src, AffineMatrix m, int outWidth, int outHeight, Interpolation interpolation,
      int border) {
    checkSize(outWidth, outHeight);
    boolean nearest = interpolation == Interpolation.NEAREST;
    Map map = map(m, outWidth, outHeight, nearest);
    int cn = src.channels();
    byte[] out = new byte[outHeight * outWidth * cn];
    byte[] s = src.data();
    int w = src.width();
    int h = src.height();
    for (int i = 0; i < outHeight * outWidth; i++) {
      int sx = map.sx[i];
      int sy = map.sy[i];
      if (nearest) {
        boolean inside = sx >= 0 && sx < w && sy >= 0 && sy < h;
        for (int c = 0; c < cn; c++) {
          out[i * cn + c] = inside ? s[(sy * w + sx) * cn + c] : (byte) border;
        }
        continue;
      }
      if (sx >= w || sx + 1 < 0 || sy >= h || sy + 1 < 0) {
        for (int c = 0; c < cn; c++) {
          out[i * cn + c] = (byte) border;
        }
        continue;
      }
      int tx = map.alpha[i] & (INTER_TAB_SIZE - 1);
      int ty = map.alpha[i] >> INTER_BITS;
      // OpenCV's BilinearTab_i entry: products of (32 − t, t) pairs times 32, exact integers summing to 2^15
      int w00 = (INTER_TAB_SIZE - ty) * (INTER_TAB_SIZE - tx) * INTER_TAB_SIZE;
      int w01 = (INTER_TAB_SIZE - ty) * tx * INTER_TAB_SIZE;
      int w10 = ty * (INTER_TAB_SIZE - tx) * INTER_TAB_SIZE;
      int w11 = ty * tx * INTER_TAB_SIZE;
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
    return new U8Image(outHeight, outWidth, cn, out);
  }

  /**
   * {@code cv2.warpAffine} with INTER_NEAREST and a constant border on a single-channel integer map
   * ({@code width × height} values, row-major), e.g. the release's {@code transform_parsing} of an
   * argmax.
   */
  public static int[] warpNearest(int[] src, int width, int height, AffineMatrix m, int outWidth, int outHeight,
      int border) {
    if ((long) height * width != src.length) {
      throw new IllegalArgumentException(width + "×" + height + " map needs " + (long) height * width
          + " values, got " + src.length);
    }
    checkSize(outWidth, outHeight);
    Map map = map(m, outWidth, outHeight, true);
    int[] out = new int[outHeight * outWidth];
    for (int i = 0; i < out.length; i++) {
      int sx = map.sx[i];
      int sy = map.sy[i];
      out[i] = sx >= 0 && sx < width && sy >= 0 && sy < height ? src[sy * width + sx] : border;
    }
    return out;
  }

  /**
   * {@code cv2.warpAffine(src, m, (outWidth, outHeight), flags=cv2.INTER_LINEAR)} (border 0) of a
   * packed-RGB image ({@code 0xRRGGBB} per pixel, row-major).
   *
   * @param rgb source pixels
   * @param width source width
   * @param height source height
   * @param m the forward map (source → output), as passed to {@code cv2.warpAffine}
   * @param outWidth output width
   * @param outHeight output height
   * @return output pixels, packed RGB, row-major
   */
  public static int[] warp(int[] rgb, int width, int height, AffineMatrix m, int outWidth, int outHeight) {
    if ((long) width * height != rgb.length) {
      throw new IllegalArgumentException("expected " + width + "×" + height + " pixels, got " + rgb.length);
    }
    byte[] d = new byte[3 * rgb.length];
    for (int i = 0; i < rgb.length; i++) {
      d[3 * i] = (byte) rgb[i];
      d[3 * i + 1] = (byte) (rgb[i] >> 8);
      d[3 * i + 2] = (byte) (rgb[i] >> 16);
    }
    U8Image out = warp(new U8Image(height, width, 3, d), m, outWidth, outHeight, Interpolation.LINEAR, 0);
    byte[] o = out.data();
    int[] px = new int[outWidth * outHeight];
    for (int i = 0; i < px.length; i++) {
      px[i] = (o[3 * i] & 0xff) | (o[3 * i + 1] & 0xff) << 8 | (o[3 * i + 2] & 0xff) << 16;
    }
    return px;
  }

  /** {@link #warp(int[], int, int, AffineMatrix, int, int)} on a {@link BufferedImage} (read as RGB). */
  public static BufferedImage warp(BufferedImage src, AffineMatrix m, int outWidth, int outHeight) {
    int w = src.getWidth();
    int h = src.getHeight();
    int[] px = src.getRGB(0, 0, w, h, null, 0, w);
    int[] out = warp(px, w, h, m, outWidth, outHeight);
    BufferedImage img = new BufferedImage(outWidth, outHeight, BufferedImage.TYPE_INT_RGB);
    img.setRGB(0, 0, outWidth, outHeight, out, 0, outWidth);
    return img;
  }

  /** Source pixel of every output pixel, and for linear its 1/32 fractions ({@code fy·32 + fx}). */
  private record Map(int[] sx, int[] sy, int[] alpha) {}

  /** OpenCV's {@code WarpAffineInvoker}: the fixed-point source coordinates. */
  private static Map map(AffineMatrix forward, int outWidth, int outHeight, boolean nearest) {
    AffineMatrix m = forward.inverse();
    int[] adelta = new int[outWidth];
    int[] bdelta = new int[outWidth];
    for (int x = 0; x < outWidth; x++) {
      adelta[x] = cvRound(m.a() * x * AB_SCALE);
      bdelta[x] = cvRound(m.d() * x * AB_SCALE);
    }
    int roundDelta = nearest ? AB_SCALE / 2 : AB_SCALE / INTER_TAB_SIZE / 2;
    int n = outHeight * outWidth;
    int[] sx = new int[n];
    int[] sy = new int[n];
    int[] alpha = nearest ? null : new int[n];
    for (int y = 0; y < outHeight; y++) {
      int x0 = cvRound((m.b() * y + m.c()) * AB_SCALE) + roundDelta;
      int y0 = cvRound((m.e() * y + m.f()) * AB_SCALE) + roundDelta;
      for (int x = 0; x < outWidth; x++) {
        int i = y * outWidth + x;
        if (nearest) {
          sx[i] = saturateShort((x0 + adelta[x]) >> AB_BITS);
          sy[i] = saturateShort((y0 + bdelta[x]) >> AB_BITS);
        } else {
          int xx = (x0 + adelta[x]) >> (AB_BITS - INTER_BITS);
          int yy = (y0 + bdelta[x]) >> (AB_BITS - INTER_BITS);
          sx[i] = saturateShort(xx >> INTER_BITS);
          sy[i] = saturateShort(yy >> INTER_BITS);
          alpha[i] = (yy & (INTER_TAB_SIZE - 1)) * INTER_TAB_SIZE + (xx & (INTER_TAB_SIZE - 1));
        }
      }
    }
    return new Map(sx, sy, alpha);
  }

  /**
   * OpenCV's {@code cvRound(double)} (= {@code saturate_cast<int>}) on x86-64: round half to even;
   * out of int range or NaN gives Integer.MIN_VALUE (SSE2 {@code cvtsd2si}).
   */
  static int cvRound(double v) {
    double r = Math.rint(v);
    if (!(r >= Integer.MIN_VALUE && r <= Integer.MAX_VALUE)) {
      return Integer.MIN_VALUE;
    }
    return (int) r;
  }

  private static int saturateShort(int v) {
    return Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
  }

  private static int clampByte(int v) {
    return Math.max(0, Math.min(255, v));
  }

  private static void checkSize(int w, int h) {
    if (w < 1 || h < 1) {
      throw new IllegalArgumentException("output size must be positive, got " + w + "×" + h);
    }
  }
}
