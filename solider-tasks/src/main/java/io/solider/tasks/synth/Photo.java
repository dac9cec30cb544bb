package io.solider.tasks.synth;

import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.SplittableRandom;

/** Backgrounds and the camera's "development" of a drawn canvas: light, blur and noise. */
final class Photo {

  private Photo() {}

  /** Paints a camera's background: wall, ground and a few random blocks (windows, shelves). */
  static void background(Canvas c, CameraStyle cam, SplittableRandom r) {
    // The camera fixes the palette loosely; each shot sees a different patch of the scene.
    Color wall = mix(cam.background(), CameraStyle.muted(r), 0.6);
    Color ground = mix(cam.background2(), CameraStyle.muted(r), 0.6);
    c.background(new Rectangle2D.Double(0, 0, c.width, c.height), wall);
    double horizon = c.height * Rng.range(r, 0.55, 0.8);
    c.background(new Rectangle2D.Double(0, horizon, c.width, c.height - horizon), ground);
    int blocks = r.nextInt(2, 6);
    for (int i = 0; i < blocks; i++) {
      double w = c.width * Rng.range(r, 0.1, 0.4);
      double hh = c.height * Rng.range(r, 0.05, 0.3);
      c.background(new Rectangle2D.Double(Rng.range(r, -0.1, 1) * c.width, Rng.range(r, 0, 0.7) * c.height, w, hh),
          vary(r, r.nextBoolean() ? wall : ground, 30));
    }
  }

  static Color mix(Color a, Color b, double t) {
    return new Color(
        (int) Math.round(a.getRed() * (1 - t) + b.getRed() * t),
        (int) Math.round(a.getGreen() * (1 - t) + b.getGreen() * t),
        (int) Math.round(a.getBlue() * (1 - t) + b.getBlue() * t));
  }

  static Color vary(SplittableRandom r, Color c, int d) {
    return new Color(
        Look.clamp(c.getRed() + r.nextInt(-d, d + 1)),
        Look.clamp(c.getGreen() + r.nextInt(-d, d + 1)),
        Look.clamp(c.getBlue() + r.nextInt(-d, d + 1)));
  }

  /**
   * The final picture: the camera's gain and tint (times a per-image light factor), {@code blur}
   * 3×3 box-blur passes, then zero-mean triangular pixel noise of the camera's strength.
   */
  static BufferedImage develop(Canvas c, CameraStyle cam, SplittableRandom r, int blur) {
    int w = c.width;
    int h = c.height;
    int[] src = c.rgbPixels();
    int n = src.length;
    int[][] ch = new int[3][n];
    for (int i = 0; i < n; i++) {
      int p = src[i];
      ch[0][i] = (p >> 16) & 0xff;
      ch[1][i] = (p >> 8) & 0xff;
      ch[2][i] = p & 0xff;
    }
    for (int b = 0; b < blur; b++) {
      for (int k = 0; k < 3; k++) {
        ch[k] = boxBlur(ch[k], w, h);
      }
    }
    double light = cam.gain() * Rng.range(r, 0.95, 1.05);
    // Per channel: value * gain * tint, plus (u1 + u2 − 255) · s with u1, u2 uniform bytes, which
    // has standard deviation sigma when s = sigma · √6 / 255.
    double s = cam.noise() * 2.449489742783178 / 255;
    double[] k = {light * cam.tint()[0], light * cam.tint()[1], light * cam.tint()[2]};
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    int[] dst = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
    for (int i = 0; i < n; i++) {
      long bits = r.nextLong();
      int px = 0;
      for (int q = 0; q < 3; q++) {
        int u1 = (int) (bits >>> (16 * q)) & 0xff;
        int u2 = (int) (bits >>> (16 * q + 8)) & 0xff;
        double v = ch[q][i] * k[q] + (u1 + u2 - 255) * s;
        px = (px << 8) | Look.clamp((int) Math.floor(v + 0.5));
      }
      dst[i] = px;
    }
    return out;
  }

  /** One 3×3 box-blur pass (separable; edges average the pixels that exist). */
  private static int[] boxBlur(int[] src, int w, int h) {
    int[] tmp = new int[src.length];
    int[] cnt = new int[src.length];
    for (int y = 0; y < h; y++) {
      int row = y * w;
      for (int x = 0; x < w; x++) {
        int sum = src[row + x];
        int c = 1;
        if (x > 0) {
          sum += src[row + x - 1];
          c++;
        }
        if (x < w - 1) {
          sum += src[row + x + 1];
          c++;
        }
        tmp[row + x] = sum;
        cnt[row + x] = c;
      }
    }
    int[] dst = new int[src.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = y * w + x;
        int sum = tmp[i];
        int c = cnt[i];
        if (y > 0) {
          sum += tmp[i - w];
          c += cnt[i - w];
        }
        if (y < h - 1) {
          sum += tmp[i + w];
          c += cnt[i + w];
        }
        dst[i] = sum / c;
      }
    }
    return dst;
  }

  /** The view of one shot: usually the camera's own, sometimes another. */
  static View view(CameraStyle cam, SplittableRandom r) {
    return r.nextDouble() < 0.7 ? cam.view() : View.values()[r.nextInt(View.values().length)];
  }

  /** Person height relative to an adult, by age group. */
  static double ageScale(Look look) {
    return look.age() == 0 ? 0.8 : 1.0;
  }

  /**
   * A person crop as a detector would cut it: the person roughly centred, scaled by the
   * camera, with jitter of position, size, pose, light and blur.
   */
  static Crop crop(Look look, CameraStyle cam, SplittableRandom r, int width, int height) {
    Canvas c = new Canvas(width, height);
    background(c, cam, r);
    View view = view(cam, r);
    double scale = cam.scale() * Rng.range(r, 0.9, 1.08) * ageScale(look);
    double personH = height * scale;
    double footY = height * Rng.range(r, 0.93, 1.0);
    double footX = width * (0.5 + Rng.range(r, -0.08, 0.08));
    DrawnPerson p = PersonRenderer.draw(c, look, Pose.walking(r), view, footX, footY, personH, 1);
    BufferedImage img = develop(c, cam, r, cam.blur() + (r.nextDouble() < 0.3 ? 1 : 0));
    c.dispose();
    return new Crop(img, c, p, view);
  }

  /**
   * A bad detection, as Market-1501's distractors (a misplaced box showing part of a person) or
   * junk (mostly background with a tiny or cut-off person).
   */
  static Crop badCrop(Look look, CameraStyle cam, SplittableRandom r, int width, int height, boolean junk) {
    Canvas c = new Canvas(width, height);
    background(c, cam, r);
    View view = view(cam, r);
    double personH = junk ? height * Rng.range(r, 0.2, 0.4) : height * Rng.range(r, 1.4, 2.2);
    double footY = junk ? height * Rng.range(r, 0.5, 1.0) : height * Rng.range(r, 1.0, 2.0);
    double footX = width * Rng.range(r, 0.1, 0.9);
    DrawnPerson p = PersonRenderer.draw(c, look, Pose.walking(r), view, footX, footY, personH, 1);
    BufferedImage img = develop(c, cam, r, cam.blur() + r.nextInt(0, 3));
    c.dispose();
    return new Crop(img, c, p, view);
  }

  /** A drawn crop with its truth. */
  record Crop(BufferedImage image, Canvas canvas, DrawnPerson person, View view) {}
}
