package io.solider.tasks.common;

import java.awt.image.BufferedImage;

/**
 * {@code cv2.warpAffine(src, M, (width, height), flags=cv2.INTER_LINEAR)} (constant border 0) for
 * 8-bit RGB images, with OpenCV's fixed-point arithmetic, so outputs are equal to OpenCV's pixel for
 * pixel:
 *
 * <ul>
 *   <li>the matrix is inverted as OpenCV does ({@link AffineMatrix#inverse});
 *   <li>each output pixel's source position is computed in 1/1024 px
 *       ({@code round(m·x·1024)} per column plus {@code round((m·y + c)·1024) + 16} per row, rounding
 *       half to even) and cut to 1/32 px;
 *   <li>the four neighbours are weighted by {@code 32·(32−fx)(32−fy)}… (sum 2¹⁵), neighbours outside
 *       the image count as 0, and the sum is rounded by {@code (s + 2¹⁴) >> 15}.
 * </ul>
 */
public final class AffineWarp {

  private static final int AB_SCALE = 1 << 10;
  private static final int ROUND_DELTA = AB_SCALE / 32 / 2;

  private AffineWarp() {}

  /**
   * Warps a packed-RGB image ({@code 0xRRGGBB} per pixel, row-major).
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
    if (rgb.length != width * height) {
      throw new IllegalArgumentException("expected " + width + "×" + height + " pixels, got " + rgb.length);
    }
    if (outWidth < 1 || outHeight < 1) {
      throw new IllegalArgumentException("output size must be positive, got " + outWidth + "×" + outHeight);
    }
    AffineMatrix inv = m.inverse();
    int[] adelta = new int[outWidth];
    int[] bdelta = new int[outWidth];
    for (int x = 0; x < outWidth; x++) {
      adelta[x] = cvRound(inv.a() * x * AB_SCALE);
      bdelta[x] = cvRound(inv.d() * x * AB_SCALE);
    }
    int[] out = new int[outWidth * outHeight];
    for (int y = 0; y < outHeight; y++) {
      int x0 = cvRound((inv.b() * y + inv.c()) * AB_SCALE) + ROUND_DELTA;
      int y0 = cvRound((inv.e() * y + inv.f()) * AB_SCALE) + ROUND_DELTA;
      for (int x = 0; x < outWidth; x++) {
        int fx32 = (x0 + adelta[x]) >> 5;
        int fy32 = (y0 + bdelta[x]) >> 5;
        int sx = saturateShort(fx32 >> 5);
        int sy = saturateShort(fy32 >> 5);
        int fx = fx32 & 31;
        int fy = fy32 & 31;
        out[y * outWidth + x] = interpolate(rgb, width, height, sx, sy, fx, fy);
      }
    }
    return out;
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

  private static int interpolate(int[] rgb, int width, int height, int sx, int sy, int fx, int fy) {
    // OpenCV's bilinear table entry for (fx, fy): (32−fy)(32−fx), (32−fy)fx, fy(32−fx), fy·fx, times 32.
    int w0 = (32 - fy) * (32 - fx) * 32;
    int w1 = (32 - fy) * fx * 32;
    int w2 = fy * (32 - fx) * 32;
    int w3 = fy * fx * 32;
    int p0 = pixel(rgb, width, height, sx, sy);
    int p1 = pixel(rgb, width, height, sx + 1, sy);
    int p2 = pixel(rgb, width, height, sx, sy + 1);
    int p3 = pixel(rgb, width, height, sx + 1, sy + 1);
    int out = 0;
    for (int shift = 16; shift >= 0; shift -= 8) {
      int v = ((p0 >> shift) & 0xff) * w0 + ((p1 >> shift) & 0xff) * w1 + ((p2 >> shift) & 0xff) * w2
          + ((p3 >> shift) & 0xff) * w3;
      int c = (v + (1 << 14)) >> 15;
      out |= Math.min(255, Math.max(0, c)) << shift;
    }
    return out;
  }

  private static int pixel(int[] rgb, int width, int height, int x, int y) {
    return x >= 0 && y >= 0 && x < width && y < height ? rgb[y * width + x] : 0;
  }

  private static int saturateShort(int v) {
    return Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
  }

  /** OpenCV's {@code cvRound(double)}: round half to even; out of int range gives Integer.MIN_VALUE (SSE2 cvtsd2si). */
  static int cvRound(double v) {
    double r = Math.rint(v);
    if (!(r >= Integer.MIN_VALUE && r <= Integer.MAX_VALUE)) {
      return Integer.MIN_VALUE;
    }
    return (int) r;
  }
}
