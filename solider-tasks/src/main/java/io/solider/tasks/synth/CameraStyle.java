package io.solider.tasks.synth;

import java.awt.Color;
import java.util.SplittableRandom;

/**
 * What one camera does to every image it takes.
 *
 * @param view the side of people this camera mostly sees
 * @param gain brightness multiplier
 * @param tint per-channel (RGB) colour cast multipliers
 * @param background dominant background colour
 * @param background2 secondary background colour (ground, walls)
 * @param scale person height as a fraction of the crop height
 * @param blur extra box-blur passes this camera adds (0–2)
 * @param noise pixel noise standard deviation (0–255 scale)
 */
public record CameraStyle(
    View view, double gain, double[] tint, Color background, Color background2, double scale, int blur,
    double noise) {

  /** A greyish scene colour: streets and halls are mostly unsaturated. */
  static Color muted(SplittableRandom r) {
    int g = r.nextInt(95, 165);
    return new Color(Look.clamp(g + r.nextInt(-15, 16)), Look.clamp(g + r.nextInt(-15, 16)),
        Look.clamp(g + r.nextInt(-15, 16)));
  }

  static CameraStyle random(SplittableRandom r, int index) {
    View view = View.values()[index % View.values().length];
    double[] tint = {Rng.range(r, 0.94, 1.06), Rng.range(r, 0.95, 1.05), Rng.range(r, 0.94, 1.06)};
    return new CameraStyle(
        view,
        Rng.range(r, 0.85, 1.15),
        tint,
        muted(r),
        muted(r),
        Rng.range(r, 0.88, 0.97),
        r.nextInt(0, 3),
        Rng.range(r, 2, 8));
  }
}
