package io.solider.tasks.search.data;

import java.awt.image.BufferedImage;
import java.util.random.RandomGenerator;

/**
 * The release's training transform ({@code utils/transforms.py}): the RGB image to a float32
 * tensor in [0, 1] ({@code to_tensor}: value / 255), then with probability 0.5 a horizontal flip
 * of the image and of the boxes ({@code x1' = W − x2}, {@code x2' = W − x1}). Nothing else;
 * normalisation and resizing happen in {@link RcnnTransform}, as in the model.
 */
public final class SearchTrainTransform {

  /** Flip probability. */
  public static final double FLIP = 0.5;

  private SearchTrainTransform() {}

  /** {@code to_tensor} of an RGB image: 3 × H × W in [0, 1]. */
  public static float[] toTensor(BufferedImage rgb) {
    int h = rgb.getHeight();
    int w = rgb.getWidth();
    int[] px = rgb.getRGB(0, 0, w, h, null, 0, w);
    float[] out = new float[3 * h * w];
    int plane = h * w;
    for (int i = 0; i < plane; i++) {
      out[i] = ((px[i] >> 16) & 0xff) / 255f;
      out[plane + i] = ((px[i] >> 8) & 0xff) / 255f;
      out[2 * plane + i] = (px[i] & 0xff) / 255f;
    }
    return out;
  }

  /** Converts and, when {@code rng} says so ({@code random() < 0.5}), flips. */
  public static SearchSample apply(BufferedImage rgb, float[] boxes, int[] pids, RandomGenerator rng) {
    SearchSample s = new SearchSample(toTensor(rgb), rgb.getHeight(), rgb.getWidth(), boxes.clone(), pids.clone());
    return rng.nextDouble() < FLIP ? flip(s) : s;
  }

  /** The horizontal mirror image and boxes. */
  public static SearchSample flip(SearchSample s) {
    int h = s.height();
    int w = s.width();
    float[] src = s.pixels();
    float[] out = new float[src.length];
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < h; y++) {
        int row = (c * h + y) * w;
        for (int x = 0; x < w; x++) {
          out[row + x] = src[row + w - 1 - x];
        }
      }
    }
    float[] b = s.boxes().clone();
    float fw = w;
    for (int i = 0; i < b.length; i += 4) {
      float x1 = b[i];
      b[i] = fw - b[i + 2];
      b[i + 2] = fw - x1;
    }
    return new SearchSample(out, h, w, b, s.pids());
  }
}
