package io.solider.tasks.pose.data;

import java.util.random.RandomGenerator;

/**
 * mmpose's top-down box encoding: a centre and a scale in units of 200 px (the "pixel std"), float32
 * as the release stores them. {@link #fromBox} is {@code _xywh2cs}: the box is widened or heightened
 * to the input's aspect ratio (w/h = 0.75 for 288×384), then padded by 1.25.
 *
 * @param cx centre x (px)
 * @param cy centre y (px)
 * @param sx scale x (box width / 200)
 * @param sy scale y (box height / 200)
 */
public record CenterScale(float cx, float cy, float sx, float sy) {

  /** The release's padding around the box. */
  public static final double PADDING = 1.25;

  /** Pixels per unit of scale. */
  public static final float PIXEL_STD = 200f;

  /** {@code _xywh2cs(x, y, w, h)} in test mode (no jitter). */
  public static CenterScale fromBox(double x, double y, double w, double h, double aspectRatio, double padding) {
    return encode((float) (x + w * 0.5), (float) (y + h * 0.5), w, h, aspectRatio, padding);
  }

  /**
   * {@code _xywh2cs} in training mode: with probability 0.3 ({@code rand() < 0.3}) the centre moves
   * by {@code 0.4·(u − 0.5)·(w, h)} for two further uniform draws u. The release draws this once,
   * when the data set is loaded, not per epoch.
   */
  public static CenterScale fromBoxJittered(double x, double y, double w, double h, double aspectRatio, double padding,
      RandomGenerator rng) {
    float cx = (float) (x + w * 0.5);
    float cy = (float) (y + h * 0.5);
    if (rng.nextDouble() < 0.3) {
      double ux = rng.nextDouble();
      double uy = rng.nextDouble();
      cx = (float) (cx + 0.4 * (ux - 0.5) * w);
      cy = (float) (cy + 0.4 * (uy - 0.5) * h);
    }
    return encode(cx, cy, w, h, aspectRatio, padding);
  }

  private static CenterScale encode(float cx, float cy, double w, double h, double aspectRatio, double padding) {
    if (w > aspectRatio * h) {
      h = w * 1.0 / aspectRatio;
    } else if (w < aspectRatio * h) {
      w = h * aspectRatio;
    }
    float pad = (float) padding;
    return new CenterScale(cx, cy, (float) (w / 200.0) * pad, (float) (h / 200.0) * pad);
  }

  /** The box this centre/scale covers, in pixels: width {@code sx·200}. */
  public float pixelWidth() {
    return sx * PIXEL_STD;
  }

  /** The box height in pixels: {@code sy·200}. */
  public float pixelHeight() {
    return sy * PIXEL_STD;
  }

  /** The same centre with the scale multiplied (in float32) by {@code factor}. */
  public CenterScale scaled(float factor) {
    return new CenterScale(cx, cy, sx * factor, sy * factor);
  }
}
