package io.solider.tasks.common;

/**
 * {@code cv2.cvtColor} between RGB and HSV (hue 0–179) on 8-bit 3-channel images, to the bit, as
 * OpenCV 4.6 computes them on x86-64 with AVX2 (the build Debian ships):
 *
 * <ul>
 *   <li>RGB→HSV is integer arithmetic with OpenCV's division tables (the same on every build);
 *   <li>HSV→RGB is float32 arithmetic. Each row is converted in blocks of 32 pixels by the vector
 *       code (sector from a truncated hue, {@code 1 − s·h} and {@code 1 − s·(1 − h)} fused, values
 *       truncated) and the remaining pixels by the scalar code ({@code 1 − s·h} fused, values
 *       rounded to nearest even). Other OpenCV builds differ by one in a few pixels.
 * </ul>
 *
 * Channels are read and written in the order named (R, G, B); as in OpenCV, applying these to a
 * B, G, R image simply treats it as R, G, B.
 */
public final class Cv2Hsv {

  private static final int SHIFT = 12;
  private static final int[] SDIV = new int[256];
  private static final int[] HDIV = new int[256];
  /** Pixels per block of the AVX2 code path (4 vectors of 8 floats). */
  static final int BLOCK = 32;

  static {
    for (int i = 1; i < 256; i++) {
      SDIV[i] = (int) Math.rint((255 << SHIFT) / (1.0 * i));
      HDIV[i] = (int) Math.rint((180 << SHIFT) / (6.0 * i));
    }
  }

  private Cv2Hsv() {}

  /** {@code cv2.COLOR_RGB2HSV}. */
  public static U8Image rgbToHsv(U8Image src) {
    requireThreeChannels(src);
    byte[] s = src.data();
    byte[] d = new byte[s.length];
    for (int i = 0; i < s.length; i += 3) {
      int r = s[i] & 0xff;
      int g = s[i + 1] & 0xff;
      int b = s[i + 2] & 0xff;
      int v = Math.max(Math.max(b, g), r);
      int min = Math.min(Math.min(b, g), r);
      int diff = v - min;
      int sat = (diff * SDIV[v] + (1 << (SHIFT - 1))) >> SHIFT;
      int h = v == r ? g - b : v == g ? b - r + 2 * diff : r - g + 4 * diff;
      h = (h * HDIV[diff] + (1 << (SHIFT - 1))) >> SHIFT;
      h += h < 0 ? 180 : 0;
      d[i] = (byte) Math.min(255, h);
      d[i + 1] = (byte) sat;
      d[i + 2] = (byte) v;
    }
    return new U8Image(src.height(), src.width(), 3, d);
  }

  /** {@code cv2.COLOR_HSV2RGB}. */
  public static U8Image hsvToRgb(U8Image src) {
    requireThreeChannels(src);
    byte[] s = src.data();
    byte[] d = new byte[s.length];
    int w = src.width();
    int vectorised = (w / BLOCK) * BLOCK;
    float[] rgb = new float[3];
    for (int y = 0; y < src.height(); y++) {
      for (int x = 0; x < w; x++) {
        int i = 3 * (y * w + x);
        float h = s[i] & 0xff;
        float sat = (s[i + 1] & 0xff) * (1.0f / 255.0f);
        float v = (s[i + 2] & 0xff) * (1.0f / 255.0f);
        if (x < vectorised) {
          vector(h, sat, v, rgb);
          for (int c = 0; c < 3; c++) {
            d[i + c] = (byte) saturate((int) (rgb[c] * 255.0f));
          }
        } else {
          scalar(h, sat, v, rgb);
          for (int c = 0; c < 3; c++) {
            d[i + c] = (byte) saturate((int) Math.rint(rgb[c] * 255.0f));
          }
        }
      }
    }
    return new U8Image(src.height(), src.width(), 3, d);
  }

  private static final float HSCALE = 6.0f / 180;

  /** OpenCV's HSV2RGB_simd for one pixel (outputs R, G, B). */
  private static void vector(float h, float s, float v, float[] rgb) {
    float hh = h * HSCALE;
    float pre = (float) (int) hh;
    hh = hh - pre;
    float tab0 = v;
    float tab1 = v * (1f - s);
    float tab2 = v * Math.fma(-s, hh, 1f);
    float tab3 = v * Math.fma(-s, 1f - hh, 1f);
    float sector = pre - (float) (int) (pre * (1.0f / 6.0f)) * 6f;
    float b = sector < 2 ? tab1 : sector == 2 ? tab3 : sector == 3 || sector == 4 ? tab0 : tab2;
    float g = sector < 1 ? tab3 : sector == 1 || sector == 2 ? tab0 : sector == 3 ? tab2 : tab1;
    float r = sector < 1 ? tab0 : sector == 1 ? tab2 : sector == 2 || sector == 3 ? tab1 : sector == 4 ? tab3 : tab0;
    rgb[0] = r;
    rgb[1] = g;
    rgb[2] = b;
  }

  private static final int[][] SECTORS = {{1, 3, 0}, {1, 0, 2}, {3, 0, 1}, {0, 2, 1}, {0, 1, 3}, {2, 1, 0}};

  /** OpenCV's HSV2RGB_native for one pixel (outputs R, G, B). */
  private static void scalar(float h, float s, float v, float[] rgb) {
    if (s == 0) {
      rgb[0] = v;
      rgb[1] = v;
      rgb[2] = v;
      return;
    }
    float hh = h * HSCALE;
    hh = hh % 6f;
    int sector = (int) Math.floor(hh);
    hh -= sector;
    if (sector < 0 || sector >= 6) {
      sector = 0;
      hh = 0f;
    }
    float[] tab = {v, v * (1f - s), v * Math.fma(-s, hh, 1f), v * (1f - s * (1f - hh))};
    rgb[2] = tab[SECTORS[sector][0]];
    rgb[1] = tab[SECTORS[sector][1]];
    rgb[0] = tab[SECTORS[sector][2]];
  }

  private static int saturate(int v) {
    return v < 0 ? 0 : Math.min(v, 255);
  }

  private static void requireThreeChannels(U8Image img) {
    if (img.channels() != 3) {
      throw new IllegalArgumentException("need a 3-channel image, got " + img.channels());
    }
  }
}
