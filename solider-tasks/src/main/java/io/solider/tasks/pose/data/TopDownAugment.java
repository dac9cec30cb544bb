package io.solider.tasks.pose.data;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The random steps of the release's top-down training pipeline, each as mmpose computes it
 * (float32 where the release keeps float32), drawing from the caller's generator in the release's
 * order: {@code rand()} is {@link RandomGenerator#nextDouble()}, {@code randn()} is
 * {@link RandomGenerator#nextGaussian()}.
 */
public final class TopDownAugment {

  private TopDownAugment() {}

  /** A flipped image and person. */
  record Flipped(int[] rgb, float[] joints, float[] visible, float cx) {}

  /**
   * {@code TopDownRandomFlip}'s flip: the image mirrored, left/right joints swapped, x → W − 1 − x,
   * joints multiplied by their visibility, centre x → W − cx − 1.
   */
  static Flipped flip(int[] rgb, int width, int height, float[] joints, float[] visible, float cx) {
    int[] out = new int[rgb.length];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        out[y * width + x] = rgb[y * width + width - 1 - x];
      }
    }
    float[] j = joints.clone();
    float[] v = visible.clone();
    for (int[] p : CocoJoints.flipPairs()) {
      j[2 * p[0]] = joints[2 * p[1]];
      j[2 * p[0] + 1] = joints[2 * p[1] + 1];
      j[2 * p[1]] = joints[2 * p[0]];
      j[2 * p[1] + 1] = joints[2 * p[0] + 1];
      v[p[0]] = visible[p[1]];
      v[p[1]] = visible[p[0]];
    }
    float right = width - 1;
    for (int k = 0; k < v.length; k++) {
      j[2 * k] = (right - j[2 * k]) * v[k];
      j[2 * k + 1] = j[2 * k + 1] * v[k];
    }
    return new Flipped(out, j, v, (float) (width - (double) cx - 1));
  }

  /**
   * {@code TopDownHalfBodyTransform.half_body_transform}: the box of the upper body (ids 0–10) if
   * {@code randn() < 0.5} and it has more than 2 visible joints, else of the lower body if that
   * has more than 2, else of the upper body; centre = float32 mean, box widened to the aspect ratio,
   * scale = size / 200 × 1.5. Null when fewer than 2 joints were selected.
   */
  static CenterScale halfBody(float[] joints, float[] visible, double aspectRatio, RandomGenerator rng) {
    List<Integer> upper = new ArrayList<>();
    List<Integer> lower = new ArrayList<>();
    for (int k = 0; k < visible.length; k++) {
      if (visible[k] > 0) {
        (CocoJoints.upperBody(k) ? upper : lower).add(k);
      }
    }
    List<Integer> selected;
    if (rng.nextGaussian() < 0.5 && upper.size() > 2) {
      selected = upper;
    } else if (lower.size() > 2) {
      selected = lower;
    } else {
      selected = upper;
    }
    if (selected.size() < 2) {
      return null;
    }
    float sumX = 0;
    float sumY = 0;
    float minX = Float.POSITIVE_INFINITY;
    float minY = Float.POSITIVE_INFINITY;
    float maxX = Float.NEGATIVE_INFINITY;
    float maxY = Float.NEGATIVE_INFINITY;
    for (int k : selected) {
      float x = joints[2 * k];
      float y = joints[2 * k + 1];
      sumX += x;
      sumY += y;
      minX = Math.min(minX, x);
      minY = Math.min(minY, y);
      maxX = Math.max(maxX, x);
      maxY = Math.max(maxY, y);
    }
    int n = selected.size();
    float w = maxX - minX;
    float h = maxY - minY;
    double wd = w;
    double hd = h;
    if (w > aspectRatio * h) {
      hd = w * 1.0 / aspectRatio;
    } else if (w < aspectRatio * h) {
      wd = h * aspectRatio;
    }
    return new CenterScale(sumX / n, sumY / n, (float) (wd / 200.0) * 1.5f, (float) (hd / 200.0) * 1.5f);
  }

  /** Random scale and rotation. */
  record ScaleRotation(float sx, float sy, double rotation) {}

  /**
   * {@code TopDownGetRandomScaleRotation(rot_factor, scale_factor, rot_prob=0.6)}: scale ×
   * clip(randn·sf + 1, 1 − sf, 1 + sf) (in float32); rotation clip(randn·rf, −2rf, 2rf) degrees if a
   * third draw {@code rand() <= 0.6}, else 0.
   */
  static ScaleRotation scaleRotation(float sx, float sy, double scaleFactor, double rotationFactor,
      double rotationProbability, RandomGenerator rng) {
    double s = clip(rng.nextGaussian() * scaleFactor + 1, 1 - scaleFactor, 1 + scaleFactor);
    double r = clip(rng.nextGaussian() * rotationFactor, -rotationFactor * 2, rotationFactor * 2);
    double rotation = rng.nextDouble() <= rotationProbability ? r : 0;
    float f = (float) s;
    return new ScaleRotation(sx * f, sy * f, rotation);
  }

  private static double clip(double v, double lo, double hi) {
    return Math.min(Math.max(v, lo), hi);
  }
}
