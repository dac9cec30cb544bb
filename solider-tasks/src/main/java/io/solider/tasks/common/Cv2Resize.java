package io.solider.tasks.common;

/**
 * {@code cv2.resize(img, (w, h))} with the default {@code INTER_LINEAR} on 8-bit images, to the
 * bit (OpenCV 4.x fixed-point path): source coordinate {@code (d + 0.5)·(src/dst) − 0.5} in float,
 * weights rounded to 11 bits, horizontal pass in integers, vertical pass
 * {@code ((b0·(S0 >> 4)) >> 16) + ((b1·(S1 >> 4)) >> 16) + 2 >> 2}; edges replicate; the same size
 * is a copy.
 */
public final class Cv2Resize {

  private static final int COEF_SCALE = 2048;

  private Cv2Resize() {}

  /** The bilinear resize of {@code src} to {@code width × height}. */
  public static U8Image linear(U8Image src, int width, int height) {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException("target size must be positive, got " + width + "×" + height);
    }
    if (width == src.width() && height == src.height()) {
      return new U8Image(height, width, src.channels(), src.data().clone());
    }
    int cn = src.channels();
    int sw = src.width();
    int sh = src.height();
    Axis xs = axis(width, sw, true);
    Axis ys = axis(height, sh, false);
    byte[] s = src.data();
    int[] rows = new int[2 * width * cn];
    int[] rowIndex = {-1, -1};
    byte[] out = new byte[height * width * cn];
    for (int dy = 0; dy < height; dy++) {
      int sy0 = clip(ys.offset[dy], sh);
      int sy1 = clip(ys.offset[dy] + 1, sh);
      int[] r0 = horizontal(s, sy0, sw, cn, xs, width, rows, 0, rowIndex);
      int[] r1 = horizontal(s, sy1, sw, cn, xs, width, rows, 1, rowIndex);
      int b0 = ys.weight0[dy];
      int b1 = ys.weight1[dy];
      int base = dy * width * cn;
      for (int k = 0; k < width * cn; k++) {
        int v = (((b0 * (r0[k] >> 4)) >> 16) + ((b1 * (r1[k] >> 4)) >> 16) + 2) >> 2;
        out[base + k] = (byte) Math.max(0, Math.min(255, v));
      }
    }
    return new U8Image(height, width, cn, out);
  }

  /** The horizontally resized source row {@code sy}, cached in one of two slots. */
  private static int[] horizontal(byte[] s, int sy, int sw, int cn, Axis xs, int width, int[] buf, int slot,
      int[] rowIndex) {
    int n = width * cn;
    int[] row = new int[n];
    if (rowIndex[slot] == sy) {
      System.arraycopy(buf, slot * n, row, 0, n);
      return row;
    }
    int base = sy * sw * cn;
    for (int dx = 0; dx < width; dx++) {
      int sx = xs.offset[dx] * cn;
      for (int c = 0; c < cn; c++) {
        int v0 = s[base + sx + c] & 0xff;
        row[dx * cn + c] = dx < xs.limit
            ? v0 * xs.weight0[dx] + (s[base + sx + cn + c] & 0xff) * xs.weight1[dx]
            : v0 * COEF_SCALE;
      }
    }
    System.arraycopy(row, 0, buf, slot * n, n);
    rowIndex[slot] = sy;
    return row;
  }

  /** Source offsets and 11-bit weights along one axis; {@code limit} is OpenCV's xmax. */
  private record Axis(int[] offset, int[] weight0, int[] weight1, int limit) {}

  private static Axis axis(int dst, int src, boolean clampOffsets) {
    double scale = 1.0 / ((double) dst / src);
    int[] ofs = new int[dst];
    int[] w0 = new int[dst];
    int[] w1 = new int[dst];
    int limit = dst;
    for (int d = 0; d < dst; d++) {
      float f = (float) ((d + 0.5) * scale - 0.5);
      int si = (int) Math.floor(f);
      f -= si;
      if (clampOffsets) {
        if (si < 0) {
          f = 0;
          si = 0;
        }
        if (si + 1 >= src) {
          limit = Math.min(limit, d);
          if (si >= src - 1) {
            f = 0;
            si = src - 1;
          }
        }
      }
      ofs[d] = si;
      w0[d] = (int) Math.rint((1f - f) * COEF_SCALE);
      w1[d] = (int) Math.rint(f * COEF_SCALE);
    }
    return new Axis(ofs, w0, w1, limit);
  }

  private static int clip(int v, int n) {
    return v < 0 ? 0 : v >= n ? n - 1 : v;
  }
}
