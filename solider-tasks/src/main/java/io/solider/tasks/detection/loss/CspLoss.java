package io.solider.tasks.detection.loss;

/**
 * The release's three CSP loss terms ({@code cls_pos}, {@code reg_hw_pos}, {@code offset_pos} in
 * {@code csp_head.py}) on a batch, each weighted as the config does and returned with its gradient
 * with respect to the head output it reads. Maps are {@code N × C × H × W}, row-major; target maps
 * are {@link CspTargets} stacked over the batch. Sums run over the whole batch and are normalised
 * by batch totals, as the release's concatenated maps are.
 */
public final class CspLoss {

  /** The config's {@code loss_weight}s: centre 0.01, scale 1, offset 0.1. */
  public record Weights(double center, double scale, double offset) {
    public static Weights release() {
      return new Weights(0.01, 1, 0.1);
    }
  }

  /**
   * One weighted term.
   *
   * @param value the term as the release adds it to the total
   * @param gradient d value / d prediction, same layout as the prediction
   */
  public record Term(double value, float[] gradient) {}

  /** All three terms. */
  public record Terms(Term center, Term scale, Term offset) {
    /** Their sum, the loss the release back-propagates. */
    public double total() {
      return center.value() + scale.value() + offset.value();
    }
  }

  private static final float EPS = 1e-10f;

  private final Weights weights;

  public CspLoss(Weights weights) {
    this.weights = weights;
  }

  /** All terms for a batch: logits N×1×H×W, scales N×2×H×W, offsets N×2×H×W. */
  public Terms compute(float[] logits, float[] scales, float[] offsets, java.util.List<CspTargets> targets) {
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("empty batch");
    }
    int n = targets.size();
    int h = targets.get(0).height();
    int w = targets.get(0).width();
    return new Terms(
        center(logits, CspTargets.stack(targets, CspTargets::center), n, h, w, weights.center()),
        scale(scales, CspTargets.stack(targets, CspTargets::scale), n, h, w, weights.scale()),
        offset(offsets, CspTargets.stack(targets, CspTargets::offset), n, h, w, weights.offset()));
  }

  /**
   * Centre term: {@code weight · Σ BCEwithLogits(z, c)·[c(1−p)² + (m−c)(1−G)⁴p²] / max(1, Σc)},
   * p = sigmoid(z); the focal weight is not detached, so its derivative is part of the gradient.
   *
   * @param logits N×1×H×W
   * @param maps N×3×H×W: Gaussian G, mask m, centres c
   */
  public static Term center(float[] logits, float[] maps, int n, int h, int w, double weight) {
    int plane = h * w;
    check(logits, n * plane, "centre logits");
    check(maps, 3 * n * plane, "centre targets");
    double scale = weight / Math.max(1.0, channelSum(maps, n, plane, 2));
    double sum = 0;
    float[] grad = new float[logits.length];
    for (int b = 0; b < n; b++) {
      for (int i = 0; i < plane; i++) {
        double z = logits[b * plane + i];
        double g = maps[3 * b * plane + i];
        double m = maps[(3 * b + 1) * plane + i];
        double c = maps[(3 * b + 2) * plane + i];
        double p = 1 / (1 + Math.exp(-z));
        double bce = Math.max(z, 0) - z * c + Math.log1p(Math.exp(-Math.abs(z)));
        double back = (m - c) * Math.pow(1 - g, 4);
        double focal = c * (1 - p) * (1 - p) + back * p * p;
        double dFocal = -2 * c * p * (1 - p) * (1 - p) + 2 * back * p * p * (1 - p);
        sum += focal * bce;
        grad[b * plane + i] = (float) (scale * (dFocal * bce + focal * (p - c)));
      }
    }
    return new Term(scale * sum, grad);
  }

  /**
   * Scale term: {@code weight · Σ_ch Σ mask·SmoothL1(ŝ/(s+1e-10), s/(s+1e-10)) / max(1, 2·Σmask)},
   * the divisions in float32 as the release does them.
   *
   * @param pred N×2×H×W: predicted log height, log width
   * @param maps N×3×H×W: log height, log width, mask
   */
  public static Term scale(float[] pred, float[] maps, int n, int h, int w, double weight) {
    int plane = h * w;
    check(pred, 2 * n * plane, "scale predictions");
    check(maps, 3 * n * plane, "scale targets");
    double norm = weight / Math.max(1.0, 2 * channelSum(maps, n, plane, 2));
    double sum = 0;
    float[] grad = new float[pred.length];
    for (int b = 0; b < n; b++) {
      for (int ch = 0; ch < 2; ch++) {
        for (int i = 0; i < plane; i++) {
          float mask = maps[(3 * b + 2) * plane + i];
          float s = maps[(3 * b + ch) * plane + i];
          float denom = s + EPS;
          int k = (2 * b + ch) * plane + i;
          double d = (double) (pred[k] / denom) - (double) (s / denom);
          sum += mask * smoothL1(d);
          grad[k] = (float) (norm * mask * smoothL1Slope(d) / denom);
        }
      }
    }
    return new Term(norm * sum, grad);
  }

  /**
   * Offset term: {@code weight · Σ c·SmoothL1(ô, o) / max(1, Σc)} over both channels.
   *
   * @param pred N×2×H×W: dy, dx
   * @param maps N×3×H×W: dy, dx, centre mask c
   */
  public static Term offset(float[] pred, float[] maps, int n, int h, int w, double weight) {
    int plane = h * w;
    check(pred, 2 * n * plane, "offset predictions");
    check(maps, 3 * n * plane, "offset targets");
    double norm = weight / Math.max(1.0, channelSum(maps, n, plane, 2));
    double sum = 0;
    float[] grad = new float[pred.length];
    for (int b = 0; b < n; b++) {
      for (int ch = 0; ch < 2; ch++) {
        for (int i = 0; i < plane; i++) {
          double c = maps[(3 * b + 2) * plane + i];
          int k = (2 * b + ch) * plane + i;
          double d = (double) pred[k] - maps[(3 * b + ch) * plane + i];
          sum += c * smoothL1(d);
          grad[k] = (float) (norm * c * smoothL1Slope(d));
        }
      }
    }
    return new Term(norm * sum, grad);
  }

  /** The sum of channel {@code c} of an {@code N × 3 × plane} target map over the batch. */
  private static double channelSum(float[] maps, int n, int plane, int c) {
    double sum = 0;
    for (int b = 0; b < n; b++) {
      for (int i = 0; i < plane; i++) {
        sum += maps[(3 * b + c) * plane + i];
      }
    }
    return sum;
  }

  /** torch's SmoothL1 with β = 1. */
  static double smoothL1(double d) {
    double a = Math.abs(d);
    return a < 1 ? 0.5 * d * d : a - 0.5;
  }

  static double smoothL1Slope(double d) {
    return Math.abs(d) < 1 ? d : Math.signum(d);
  }

  private static void check(float[] a, int expected, String what) {
    if (a.length != expected) {
      throw new IllegalArgumentException(what + ": expected " + expected + " values, got " + a.length);
    }
  }
}
