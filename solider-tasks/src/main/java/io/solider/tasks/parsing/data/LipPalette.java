package io.solider.tasks.parsing.data;

/**
 * LIP's colours for label maps: the release's {@code get_palette} (the PASCAL VOC colour map),
 * where the bits of the class id are spread over the high bits of red, green and blue. Class 0 is
 * black, 1 dark red (128,0,0), 2 dark green, 3 olive, …
 */
public final class LipPalette {

  private LipPalette() {}

  /** The first {@code n} colours as 0xRRGGBB. */
  public static int[] colours(int n) {
    int[] out = new int[n];
    for (int j = 0; j < n; j++) {
      int r = 0;
      int g = 0;
      int b = 0;
      int lab = j;
      for (int i = 0; lab != 0; i++, lab >>= 3) {
        r |= ((lab & 1)) << (7 - i);
        g |= ((lab >> 1) & 1) << (7 - i);
        b |= ((lab >> 2) & 1) << (7 - i);
      }
      out[j] = (r << 16) | (g << 8) | b;
    }
    return out;
  }
}
