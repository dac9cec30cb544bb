package io.solider.tasks.search.metric;

/**
 * The release's {@code _compute_iou(a, b)} on one detection box (float32, as the detector emits
 * them) and one ground-truth box (integers in the release, any number here), reproduced with
 * NumPy 1.x's scalar promotion: an operation on two float32 values is done in float32, any
 * operation involving a ground-truth value or a Python number in float64. Python's
 * {@code max(p, q)} returns {@code p} unless {@code q > p}, and {@code max(0, d)} gives the
 * integer 0 when {@code d ≤ 0}; which operand wins decides the precision of what follows, so
 * detections touching the IoU threshold come out exactly as in the release.
 */
final class ReleaseIou {

  private ReleaseIou() {}

  /** A scalar and whether it is a float32 (otherwise float64 or an exact integer). */
  private record Num(double v, boolean f32) {

    static Num f32(float v) {
      return new Num(v, true);
    }

    static Num wide(double v) {
      return new Num(v, false);
    }

    Num minus(Num o) {
      return f32 && o.f32 ? f32((float) v - (float) o.v) : wide(v - o.v);
    }

    Num times(Num o) {
      return f32 && o.f32 ? f32((float) v * (float) o.v) : wide(v * o.v);
    }

    Num plus(Num o) {
      return f32 && o.f32 ? f32((float) v + (float) o.v) : wide(v + o.v);
    }

    /** Python {@code max(this, o)}: {@code o} only if strictly greater. */
    Num max(Num o) {
      return o.v > v ? o : this;
    }

    /** Python {@code min(this, o)}: {@code o} only if strictly smaller. */
    Num min(Num o) {
      return o.v < v ? o : this;
    }
  }

  private static final Num ZERO = Num.wide(0);

  /** {@code _compute_iou(det, gt)}: detection first, as the search evaluation calls it. */
  static double detFirst(float[] det, int detOffset, double[] gt) {
    return iou(f32s(det, detOffset), wides(gt));
  }

  /** {@code _compute_iou(gt, det)}: ground truth first, as the detection evaluation calls it. */
  static double gtFirst(double[] gt, float[] det, int detOffset) {
    return iou(wides(gt), f32s(det, detOffset));
  }

  private static Num[] f32s(float[] b, int off) {
    return new Num[] {Num.f32(b[off]), Num.f32(b[off + 1]), Num.f32(b[off + 2]), Num.f32(b[off + 3])};
  }

  private static Num[] wides(double[] b) {
    return new Num[] {Num.wide(b[0]), Num.wide(b[1]), Num.wide(b[2]), Num.wide(b[3])};
  }

  private static double iou(Num[] a, Num[] b) {
    Num x1 = a[0].max(b[0]);
    Num y1 = a[1].max(b[1]);
    Num x2 = a[2].min(b[2]);
    Num y2 = a[3].min(b[3]);
    Num inter = ZERO.max(x2.minus(x1)).times(ZERO.max(y2.minus(y1)));
    Num union = a[2].minus(a[0]).times(a[3].minus(a[1])).plus(b[2].minus(b[0]).times(b[3].minus(b[1]))).minus(inter);
    // inter * 1.0 is float64; 0/0 gives NaN and x/0 infinity, as NumPy's float64 division does.
    return inter.v() / union.v();
  }

  /** The search protocol's size-adaptive threshold {@code min(0.5, w·h / ((w+10)(h+10)))}. */
  static double threshold(double w, double h) {
    double t = (w * h * 1.0) / ((w + 10) * (h + 10));
    return t < 0.5 ? t : 0.5;
  }
}
