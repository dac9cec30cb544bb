package io.solider.tasks.reid.metric;

import java.awt.image.BufferedImage;

/**
 * The naive baseline feature: the crop cut into 6 horizontal stripes, a joint RGB histogram with
 * 4 bins per channel (64 bins) per stripe, square-rooted (Hellinger) and concatenated — 384
 * numbers, no learning.
 */
final class ColourHistogram {

  static final int STRIPES = 6;
  static final int BINS = 4;

  private ColourHistogram() {}

  static float[] of(BufferedImage img) {
    int per = BINS * BINS * BINS;
    float[] h = new float[STRIPES * per];
    int shift = 8 - Integer.numberOfTrailingZeros(BINS);
    for (int y = 0; y < img.getHeight(); y++) {
      int stripe = Math.min(STRIPES - 1, y * STRIPES / img.getHeight());
      for (int x = 0; x < img.getWidth(); x++) {
        int p = img.getRGB(x, y);
        int r = ((p >> 16) & 0xff) >> shift;
        int g = ((p >> 8) & 0xff) >> shift;
        int b = (p & 0xff) >> shift;
        h[stripe * per + (r * BINS + g) * BINS + b] += 1;
      }
    }
    for (int i = 0; i < h.length; i++) {
      h[i] = (float) Math.sqrt(h[i]);
    }
    return h;
  }
}
