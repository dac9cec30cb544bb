package io.solider.ssl.augment;

import io.solider.nn.image.ImageNormalization;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * The release's {@code DataAugmentationDINO} for person crops: per image, two global views and N
 * local views. Each view: random resized crop (area scale and w/h ratio ranges, bicubic) →
 * horizontal flip (p 0.5) → colour jitter (p 0.8; brightness 0.4, contrast 0.4, saturation 0.2,
 * hue 0.1, in random order) → grayscale (p 0.2) → Gaussian blur with σ ∈ [0.1, 2] (p 1.0 on
 * global 1, 0.1 on global 2, 0.5 on locals) → solarisation (global 2, p 0.2) → ImageNet
 * normalisation. Pixels stay float in [0, 1] between steps (PIL rounds to 8 bits after each).
 *
 * <p>Stateless and thread-safe: all randomness comes from the caller's generator.
 */
public final class MultiCropAugmentation {

  private static final double BRIGHTNESS = 0.4;
  private static final double CONTRAST = 0.4;
  private static final double SATURATION = 0.2;
  private static final double HUE = 0.1;

  private final MultiCropConfig config;
  private final ImageNormalization norm;

  public MultiCropAugmentation(MultiCropConfig config, ImageNormalization norm) {
    this.config = config;
    this.norm = norm;
  }

  public MultiCropConfig config() {
    return config;
  }

  /** The 2 + N views of one image, each normalised C×H×W: global 1, global 2, then the locals. */
  public float[][] apply(BufferedImage img, SplittableRandom rng) {
    float[][] views = new float[config.crops()][];
    int gh = config.globalHeight();
    int gw = config.globalWidth();
    views[0] = view(img, rng, gh, gw, config.globalScaleMin(), config.globalScaleMax(), 1.0, 0);
    views[1] = view(img, rng, gh, gw, config.globalScaleMin(), config.globalScaleMax(), 0.1, 0.2);
    for (int i = 0; i < config.localCrops(); i++) {
      views[2 + i] = view(img, rng, config.localHeight(), config.localWidth(), config.localScaleMin(),
          config.localScaleMax(), 0.5, 0);
    }
    return views;
  }

  private float[] view(BufferedImage img, SplittableRandom rng, int h, int w, double smin, double smax,
      double blurP, double solarizeP) {
    float[][] px = toPlanes(resizedCrop(img, rng, h, w, smin, smax));
    if (rng.nextDouble() < 0.5) {
      flip(px, h, w);
    }
    if (rng.nextDouble() < 0.8) {
      colorJitter(px, rng);
    }
    if (rng.nextDouble() < 0.2) {
      grayscale(px);
    }
    if (rng.nextDouble() <= blurP) {
      blur(px, h, w, 0.1 + rng.nextDouble() * 1.9);
    }
    if (solarizeP > 0 && rng.nextDouble() < solarizeP) {
      solarize(px);
    }
    float[] out = new float[3 * h * w];
    for (int c = 0; c < 3; c++) {
      float mean = norm.mean()[c];
      float std = norm.std()[c];
      for (int i = 0; i < h * w; i++) {
        out[c * h * w + i] = (px[c][i] - mean) / std;
      }
    }
    return out;
  }

  /** torchvision's RandomResizedCrop.get_params, then a bicubic resize to h × w. */
  static BufferedImage resizedCrop(BufferedImage img, SplittableRandom rng, int h, int w, double smin, double smax,
      double rmin, double rmax) {
    int height = img.getHeight();
    int width = img.getWidth();
    double area = (double) height * width;
    double logMin = Math.log(rmin);
    double logMax = Math.log(rmax);
    int cx = -1;
    int cy = -1;
    int cw = 0;
    int ch = 0;
    for (int attempt = 0; attempt < 10; attempt++) {
      double target = area * (smin + rng.nextDouble() * (smax - smin));
      double ratio = Math.exp(logMin + rng.nextDouble() * (logMax - logMin));
      int tw = (int) Math.round(Math.sqrt(target * ratio));
      int th = (int) Math.round(Math.sqrt(target / ratio));
      if (tw > 0 && tw <= width && th > 0 && th <= height) {
        cy = rng.nextInt(height - th + 1);
        cx = rng.nextInt(width - tw + 1);
        cw = tw;
        ch = th;
        break;
      }
    }
    if (cx < 0) {
      double in = (double) width / height;
      if (in < rmin) {
        cw = width;
        ch = (int) Math.round(cw / rmin);
      } else if (in > rmax) {
        ch = height;
        cw = (int) Math.round(ch * rmax);
      } else {
        cw = width;
        ch = height;
      }
      ch = Math.min(ch, height);
      cw = Math.min(cw, width);
      cy = (height - ch) / 2;
      cx = (width - cw) / 2;
    }
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
    g.drawImage(img, 0, 0, w, h, cx, cy, cx + cw, cy + ch, null);
    g.dispose();
    return out;
  }

  private BufferedImage resizedCrop(BufferedImage img, SplittableRandom rng, int h, int w, double smin, double smax) {
    return resizedCrop(img, rng, h, w, smin, smax, config.ratioMin(), config.ratioMax());
  }

  static float[][] toPlanes(BufferedImage img) {
    int h = img.getHeight();
    int w = img.getWidth();
    int[] rgb = img.getRGB(0, 0, w, h, null, 0, w);
    float[][] px = new float[3][h * w];
    for (int i = 0; i < rgb.length; i++) {
      px[0][i] = ((rgb[i] >> 16) & 0xff) / 255f;
      px[1][i] = ((rgb[i] >> 8) & 0xff) / 255f;
      px[2][i] = (rgb[i] & 0xff) / 255f;
    }
    return px;
  }

  static void flip(float[][] px, int h, int w) {
    for (float[] plane : px) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w / 2; x++) {
          int a = y * w + x;
          int b = y * w + (w - 1 - x);
          float t = plane[a];
          plane[a] = plane[b];
          plane[b] = t;
        }
      }
    }
  }

  /** torchvision ColorJitter: the four adjustments in a random order, each with a random factor. */
  static void colorJitter(float[][] px, SplittableRandom rng) {
    int[] order = {0, 1, 2, 3};
    for (int i = 3; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    double b = 1 - BRIGHTNESS + rng.nextDouble() * 2 * BRIGHTNESS;
    double c = 1 - CONTRAST + rng.nextDouble() * 2 * CONTRAST;
    double s = 1 - SATURATION + rng.nextDouble() * 2 * SATURATION;
    double hue = -HUE + rng.nextDouble() * 2 * HUE;
    for (int op : order) {
      switch (op) {
        case 0 -> blend(px, null, b, 0);
        case 1 -> blend(px, null, c, meanGray(px));
        case 2 -> blend(px, gray(px), s, 0);
        default -> shiftHue(px, hue);
      }
    }
  }

  /** {@code x ← f·x + (1 − f)·other} clamped to [0, 1]; other is a per-pixel plane or a constant. */
  private static void blend(float[][] px, float[] plane, double f, double constant) {
    for (int c = 0; c < 3; c++) {
      for (int i = 0; i < px[c].length; i++) {
        double o = plane != null ? plane[i] : constant;
        px[c][i] = clamp(f * px[c][i] + (1 - f) * o);
      }
    }
  }

  private static float[] gray(float[][] px) {
    float[] g = new float[px[0].length];
    for (int i = 0; i < g.length; i++) {
      g[i] = 0.299f * px[0][i] + 0.587f * px[1][i] + 0.114f * px[2][i];
    }
    return g;
  }

  private static double meanGray(float[][] px) {
    double sum = 0;
    for (float v : gray(px)) {
      sum += v;
    }
    return sum / px[0].length;
  }

  static void grayscale(float[][] px) {
    float[] g = gray(px);
    for (int c = 0; c < 3; c++) {
      System.arraycopy(g, 0, px[c], 0, g.length);
    }
  }

  private static void shiftHue(float[][] px, double shift) {
    float[] hsv = new float[3];
    for (int i = 0; i < px[0].length; i++) {
      java.awt.Color.RGBtoHSB(Math.round(px[0][i] * 255), Math.round(px[1][i] * 255), Math.round(px[2][i] * 255), hsv);
      float h = (float) ((hsv[0] + shift) % 1.0 + 1.0) % 1f;
      int rgb = java.awt.Color.HSBtoRGB(h, hsv[1], hsv[2]);
      px[0][i] = ((rgb >> 16) & 0xff) / 255f;
      px[1][i] = ((rgb >> 8) & 0xff) / 255f;
      px[2][i] = (rgb & 0xff) / 255f;
    }
  }

  /** Separable Gaussian blur with standard deviation sigma (kernel ±⌈3σ⌉, edges clamped). */
  static void blur(float[][] px, int h, int w, double sigma) {
    int r = (int) Math.ceil(3 * sigma);
    double[] k = new double[2 * r + 1];
    double sum = 0;
    for (int i = -r; i <= r; i++) {
      k[i + r] = Math.exp(-i * i / (2 * sigma * sigma));
      sum += k[i + r];
    }
    for (int i = 0; i < k.length; i++) {
      k[i] /= sum;
    }
    float[] tmp = new float[h * w];
    for (float[] plane : px) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          double acc = 0;
          for (int d = -r; d <= r; d++) {
            int xx = Math.min(w - 1, Math.max(0, x + d));
            acc += k[d + r] * plane[y * w + xx];
          }
          tmp[y * w + x] = (float) acc;
        }
      }
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          double acc = 0;
          for (int d = -r; d <= r; d++) {
            int yy = Math.min(h - 1, Math.max(0, y + d));
            acc += k[d + r] * tmp[yy * w + x];
          }
          plane[y * w + x] = (float) acc;
        }
      }
    }
  }

  /** PIL's solarize(threshold 128): values at or above 128/255 are inverted. */
  static void solarize(float[][] px) {
    for (float[] plane : px) {
      for (int i = 0; i < plane.length; i++) {
        if (plane[i] >= 128f / 255f) {
          plane[i] = 1f - plane[i];
        }
      }
    }
  }

  private static float clamp(double v) {
    return (float) Math.max(0, Math.min(1, v));
  }
}
