package io.solider.tasks.detection.data;

import io.solider.tasks.common.U8Image;

/**
 * mmdetection 1.x's image normalisation ({@code ImageTransform} with mmcv 0.2's
 * {@code imnormalize} and {@code impad_to_multiple}): B, G, R bytes → R, G, B floats
 * {@code (x − mean) / std} in float32 with the statistics in 0–255 units, then zero padding at the
 * bottom and right to a multiple of {@code sizeDivisor}, as a {@code 3 × H × W} planar array.
 *
 * @param mean R, G, B means (0–255)
 * @param std R, G, B standard deviations (0–255)
 * @param sizeDivisor pad height and width to a multiple of this (1: no padding)
 */
public record CspNormalization(float[] mean, float[] std, int sizeDivisor) {

  public CspNormalization {
    if (mean.length != 3 || std.length != 3 || sizeDivisor < 1) {
      throw new IllegalArgumentException("need 3 means, 3 stds and a divisor ≥ 1");
    }
    mean = mean.clone();
    std = std.clone();
  }

  /** The release's statistics: mean 123.675, 116.28, 103.53; std 58.395, 57.12, 57.375. */
  public static CspNormalization release(int sizeDivisor) {
    return new CspNormalization(new float[] {123.675f, 116.28f, 103.53f}, new float[] {58.395f, 57.12f, 57.375f},
        sizeDivisor);
  }

  /** Padded height of an image of height {@code h}. */
  public int padded(int h) {
    return (h + sizeDivisor - 1) / sizeDivisor * sizeDivisor;
  }

  /** The normalised, padded {@code 3 × padded(H) × padded(W)} array of a B, G, R image. */
  public float[] apply(U8Image bgr) {
    if (bgr.channels() != 3) {
      throw new IllegalArgumentException("need a 3-channel image, got " + bgr.channels());
    }
    int h = bgr.height();
    int w = bgr.width();
    int ph = padded(h);
    int pw = padded(w);
    float[] out = new float[3 * ph * pw];
    byte[] d = bgr.data();
    for (int c = 0; c < 3; c++) {
      int src = 2 - c; // to_rgb: output channel c reads input channel 2 − c
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          float v = d[3 * (y * w + x) + src] & 0xff;
          out[(c * ph + y) * pw + x] = (v - mean[c]) / std[c];
        }
      }
    }
    return out;
  }
}
