package io.solider.tasks.detection.data;

import io.solider.tasks.common.Cv2Hsv;
import io.solider.tasks.common.Cv2Resize;
import io.solider.tasks.common.U8Image;

/**
 * The release's CSP training augmentation ({@code augment} in {@code coco_csp_ori.py}), on B, G, R
 * pixels as {@code mmcv.imread} gives them, drawing its random numbers in the release's order:
 *
 * <ol>
 *   <li>boxes clipped to the image ({@code [0, W−1]}, float32);
 *   <li>with probability ½ ({@code randint(0,2) == 0}) brightness: the image taken as RGB to HSV,
 *       V × U(0.5, 2) truncated and capped at 255, back to RGB;
 *   <li>with probability ½ a horizontal flip, boxes {@code x' = W − x} (no −1);
 *   <li>resize by r ~ U(0.4, 1.5) to {@code int(r·H) × int(r·W)} (bilinear, OpenCV-exact), boxes × r;
 *   <li>if the image is at least the crop height: a crop centred on a random person's centre (a
 *       random window when there is none), shifted to lie inside; people kept when at least 16 px
 *       wide and at least half their area inside, ignore regions when both sides are at least 8 px;
 *       otherwise pasted at a random offset onto a canvas of the crop size filled with the image's
 *       truncated mean, people kept when at least 16 px wide, ignore regions as above;
 *   <li>boxes clipped to {@code [0, W−1] × [0, H−1]} of the crop.
 * </ol>
 *
 * @param config crop size and ranges
 */
public record CspAugmentation(Config config) {

  /**
   * @param cropHeight training crop height (the release: 1024)
   * @param cropWidth training crop width (the release: 2048)
   * @param minScale smallest resize factor (0.4)
   * @param maxScale largest resize factor (1.5)
   * @param minBrightness smallest V factor (0.5)
   * @param maxBrightness largest V factor (2.0)
   */
  public record Config(int cropHeight, int cropWidth, double minScale, double maxScale, double minBrightness,
      double maxBrightness) {

    public Config {
      if (cropHeight < 1 || cropWidth < 1 || !(minScale > 0 && minScale <= maxScale)
          || !(minBrightness >= 0 && minBrightness <= maxBrightness)) {
        throw new IllegalArgumentException("bad augmentation config " + cropHeight + "×" + cropWidth + ", scale ["
            + minScale + ", " + maxScale + "], brightness [" + minBrightness + ", " + maxBrightness + "]");
      }
    }

    /** The release's: 1024×2048 crops, scale U(0.4, 1.5), brightness U(0.5, 2). */
    public static Config release() {
      return new Config(1024, 2048, 0.4, 1.5, 0.5, 2.0);
    }

    /** The release's ranges with another crop size (e.g. for CPU training on smaller images). */
    public Config withCrop(int height, int width) {
      return new Config(height, width, minScale, maxScale, minBrightness, maxBrightness);
    }
  }

  /** People narrower than this after cropping are dropped ({@code limit=16}). */
  static final double MIN_PERSON_WIDTH = 16;
  /** Ignore regions need both sides at least this long. */
  static final double MIN_IGNORE_SIDE = 8;

  /**
   * Augments one image.
   *
   * @param image B, G, R pixels
   * @param boxes the image's training boxes (float32 corners, see {@link CspBoxes})
   * @param draws the random numbers
   */
  public CspSample apply(U8Image image, CspBoxes boxes, Draws draws) {
    int h = image.height();
    int w = image.width();
    float[] people = clip(boxes.people().clone(), w - 1, h - 1);
    float[] ignores = clip(boxes.ignores().clone(), w - 1, h - 1);
    U8Image img = image;
    if (draws.integer(0, 2) == 0) {
      img = brightness(img, draws.uniform(config.minBrightness(), config.maxBrightness()));
    }
    if (draws.integer(0, 2) == 0) {
      img = img.flipHorizontal();
      flip(people, w);
      flip(ignores, w);
    }
    double ratio = draws.uniform(config.minScale(), config.maxScale());
    int nh = (int) (ratio * h);
    int nw = (int) (ratio * w);
    if (nh < 1 || nw < 1) {
      throw new IllegalArgumentException(h + "×" + w + " image resized by " + ratio + " is empty");
    }
    img = Cv2Resize.linear(img, nw, nh);
    double[] p = scale(people, ratio);
    double[] ig = scale(ignores, ratio);
    CspSample s = img.height() >= config.cropHeight() ? crop(img, p, ig, draws) : pave(img, p, ig, draws);
    int ch = s.image().height();
    int cw = s.image().width();
    return new CspSample(s.image(), clip(s.people(), cw - 1, ch - 1), clip(s.ignores(), cw - 1, ch - 1));
  }

  /** The release's {@code _brightness}: V × factor in HSV, on the pixels taken as R, G, B. */
  static U8Image brightness(U8Image img, double factor) {
    U8Image hsv = Cv2Hsv.rgbToHsv(img);
    byte[] d = hsv.data();
    for (int i = 2; i < d.length; i += 3) {
      double v = (d[i] & 0xff) * factor;
      d[i] = (byte) (v > 255 ? 255 : (int) v);
    }
    return Cv2Hsv.hsvToRgb(hsv);
  }

  private CspSample crop(U8Image img, double[] people, double[] ignores, Draws draws) {
    int h = img.height();
    int w = img.width();
    int ch = config.cropHeight();
    int cw = config.cropWidth();
    if (w < cw) {
      throw new IllegalArgumentException("resized image " + h + "×" + w + " is as tall as the " + ch + "×" + cw
          + " crop but narrower; images need the crop's aspect ratio or a wider one");
    }
    int cx;
    int cy;
    int n = people.length / 4;
    if (n > 0) {
      int sel = draws.integer(0, n);
      cx = (int) ((people[4 * sel] + people[4 * sel + 2]) / 2.0);
      cy = (int) ((people[4 * sel + 1] + people[4 * sel + 3]) / 2.0);
    } else {
      cx = (int) (draws.integer(0, w - cw + 1) + cw * 0.5);
      cy = (int) (draws.integer(0, h - ch + 1) + ch * 0.5);
    }
    int x1 = Math.max(cx - (int) (cw * 0.5), 0);
    int y1 = Math.max(cy - (int) (ch * 0.5), 0);
    x1 -= Math.max(x1 + cw - w, 0);
    y1 -= Math.max(y1 + ch - h, 0);
    U8Image out = img.crop(y1, x1, ch, cw);
    double[] kept = new double[people.length];
    int k = 0;
    for (int i = 0; i < people.length; i += 4) {
      double bx1 = clamp(people[i] - x1, cw);
      double by1 = clamp(people[i + 1] - y1, ch);
      double bx2 = clamp(people[i + 2] - x1, cw);
      double by2 = clamp(people[i + 3] - y1, ch);
      double before = (people[i + 2] - people[i]) * (people[i + 3] - people[i + 1]);
      double after = (bx2 - bx1) * (by2 - by1);
      if (bx2 - bx1 >= MIN_PERSON_WIDTH && after >= 0.5 * before) {
        kept[k++] = bx1;
        kept[k++] = by1;
        kept[k++] = bx2;
        kept[k++] = by2;
      }
    }
    double[] ig = new double[ignores.length];
    for (int i = 0; i < ignores.length; i += 4) {
      ig[i] = clamp(ignores[i] - x1, cw);
      ig[i + 1] = clamp(ignores[i + 1] - y1, ch);
      ig[i + 2] = clamp(ignores[i + 2] - x1, cw);
      ig[i + 3] = clamp(ignores[i + 3] - y1, ch);
    }
    return new CspSample(out, java.util.Arrays.copyOf(kept, k), keepIgnores(ig));
  }

  private CspSample pave(U8Image img, double[] people, double[] ignores, Draws draws) {
    int h = img.height();
    int w = img.width();
    int ch = config.cropHeight();
    int cw = config.cropWidth();
    if (w > cw) {
      throw new IllegalArgumentException("resized image " + h + "×" + w + " is shorter than the " + ch + "×" + cw
          + " crop but wider; images need the crop's aspect ratio or a narrower one");
    }
    int mean = img.meanTruncated();
    int px = draws.integer(0, cw - w + 1);
    int py = draws.integer(0, ch - h + 1);
    U8Image out = img.paste(ch, cw, py, px, mean);
    double[] kept = new double[people.length];
    int k = 0;
    for (int i = 0; i < people.length; i += 4) {
      if ((people[i + 2] + px) - (people[i] + px) >= MIN_PERSON_WIDTH) {
        kept[k++] = people[i] + px;
        kept[k++] = people[i + 1] + py;
        kept[k++] = people[i + 2] + px;
        kept[k++] = people[i + 3] + py;
      }
    }
    double[] ig = new double[ignores.length];
    for (int i = 0; i < ignores.length; i += 4) {
      ig[i] = ignores[i] + px;
      ig[i + 1] = ignores[i + 1] + py;
      ig[i + 2] = ignores[i + 2] + px;
      ig[i + 3] = ignores[i + 3] + py;
    }
    return new CspSample(out, java.util.Arrays.copyOf(kept, k), keepIgnores(ig));
  }

  private static double[] keepIgnores(double[] ig) {
    double[] out = new double[ig.length];
    int k = 0;
    for (int i = 0; i < ig.length; i += 4) {
      if (ig[i + 2] - ig[i] >= MIN_IGNORE_SIDE && ig[i + 3] - ig[i + 1] >= MIN_IGNORE_SIDE) {
        System.arraycopy(ig, i, out, k, 4);
        k += 4;
      }
    }
    return java.util.Arrays.copyOf(out, k);
  }

  private static double clamp(double v, double max) {
    return Math.min(Math.max(v, 0), max);
  }

  private static float[] clip(float[] b, int maxX, int maxY) {
    for (int i = 0; i < b.length; i += 4) {
      b[i] = Math.min(Math.max(b[i], 0f), maxX);
      b[i + 1] = Math.min(Math.max(b[i + 1], 0f), maxY);
      b[i + 2] = Math.min(Math.max(b[i + 2], 0f), maxX);
      b[i + 3] = Math.min(Math.max(b[i + 3], 0f), maxY);
    }
    return b;
  }

  private static double[] clip(double[] b, int maxX, int maxY) {
    for (int i = 0; i < b.length; i += 4) {
      b[i] = clamp(b[i], maxX);
      b[i + 1] = clamp(b[i + 1], maxY);
      b[i + 2] = clamp(b[i + 2], maxX);
      b[i + 3] = clamp(b[i + 3], maxY);
    }
    return b;
  }

  /** {@code x1' = W − x2, x2' = W − x1} in float32. */
  private static void flip(float[] b, int w) {
    for (int i = 0; i < b.length; i += 4) {
      float x1 = b[i];
      b[i] = (float) w - b[i + 2];
      b[i + 2] = (float) w - x1;
    }
  }

  /** The float32 boxes as float64, times {@code ratio} ({@code np.asarray(gts, dtype=float) *= ratio}). */
  private static double[] scale(float[] b, double ratio) {
    double[] out = new double[b.length];
    for (int i = 0; i < b.length; i++) {
      out[i] = b[i] * ratio;
    }
    return out;
  }
}
