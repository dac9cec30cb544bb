package io.solider.tasks.common;

/**
 * torchvision's {@code BoxCoder} (Faster R-CNN box parameterisation, unchanged from 0.8.2 to 0.14)
 * on float32 corner boxes: deltas {@code dx = wx·(gx − px)/pw}, {@code dy = wy·(gy − py)/ph},
 * {@code dw = ww·log(gw/pw)}, {@code dh = wh·log(gh/ph)} of centres and sizes (no +1), and the
 * inverse with {@code dw, dh} clamped at log(1000/16) before the exponential. Every step rounds
 * to float32 as the tensor code does; {@code exp} and {@code log} are correctly rounded here and
 * within an ulp of PyTorch's vectorised ones.
 *
 * @param wx weight of the x centre delta
 * @param wy weight of the y centre delta
 * @param ww weight of the log width ratio
 * @param wh weight of the log height ratio
 */
public record BoxCoder(double wx, double wy, double ww, double wh) {

  /** {@code bbox_xform_clip}: the largest size delta decoded, log(1000/16). */
  public static final double XFORM_CLIP = Math.log(1000.0 / 16);

  /** Weights (1, 1, 1, 1): the region proposal network's. */
  public static BoxCoder rpn() {
    return new BoxCoder(1, 1, 1, 1);
  }

  /** Weights (10, 10, 5, 5): the RoI heads' (torchvision's default for {@code RoIHeads}). */
  public static BoxCoder roiHeads() {
    return new BoxCoder(10, 10, 5, 5);
  }

  /**
   * {@code encode_single(reference, proposals)}: the deltas that take each proposal to its
   * reference box (row i to row i).
   *
   * @return n × 4 deltas
   */
  public float[] encode(float[] reference, float[] proposals) {
    int n = TorchvisionBoxes.count(proposals);
    if (TorchvisionBoxes.count(reference) != n) {
      throw new IllegalArgumentException(TorchvisionBoxes.count(reference) + " reference boxes for " + n + " proposals");
    }
    float fx = (float) wx;
    float fy = (float) wy;
    float fw = (float) ww;
    float fh = (float) wh;
    float[] out = new float[4 * n];
    for (int i = 0; i < n; i++) {
      int o = 4 * i;
      float exW = proposals[o + 2] - proposals[o];
      float exH = proposals[o + 3] - proposals[o + 1];
      float exX = proposals[o] + 0.5f * exW;
      float exY = proposals[o + 1] + 0.5f * exH;
      float gtW = reference[o + 2] - reference[o];
      float gtH = reference[o + 3] - reference[o + 1];
      float gtX = reference[o] + 0.5f * gtW;
      float gtY = reference[o + 1] + 0.5f * gtH;
      out[o] = fx * (gtX - exX) / exW;
      out[o + 1] = fy * (gtY - exY) / exH;
      out[o + 2] = fw * (float) Math.log(gtW / exW);
      out[o + 3] = fh * (float) Math.log(gtH / exH);
    }
    return out;
  }

  /**
   * {@code decode_single(codes, boxes)}: applies {@code k} sets of deltas per box (codes are
   * n × 4k, e.g. one set per class) and returns n × k × 4 boxes, row-major.
   */
  public float[] decode(float[] codes, float[] boxes) {
    int n = TorchvisionBoxes.count(boxes);
    if (n == 0) {
      return new float[0];
    }
    if (codes.length % (4 * n) != 0) {
      throw new IllegalArgumentException(codes.length + " deltas for " + n + " boxes");
    }
    int k = codes.length / (4 * n);
    float fx = (float) wx;
    float fy = (float) wy;
    float fw = (float) ww;
    float fh = (float) wh;
    float clip = (float) XFORM_CLIP;
    float[] out = new float[codes.length];
    for (int i = 0; i < n; i++) {
      float width = boxes[4 * i + 2] - boxes[4 * i];
      float height = boxes[4 * i + 3] - boxes[4 * i + 1];
      float ctrX = boxes[4 * i] + 0.5f * width;
      float ctrY = boxes[4 * i + 1] + 0.5f * height;
      for (int c = 0; c < k; c++) {
        int o = 4 * (i * k + c);
        float dx = codes[o] / fx;
        float dy = codes[o + 1] / fy;
        float dw = Math.min(codes[o + 2] / fw, clip);
        float dh = Math.min(codes[o + 3] / fh, clip);
        float predX = dx * width + ctrX;
        float predY = dy * height + ctrY;
        float predW = (float) Math.exp(dw) * width;
        float predH = (float) Math.exp(dh) * height;
        out[o] = predX - 0.5f * predW;
        out[o + 1] = predY - 0.5f * predH;
        out[o + 2] = predX + 0.5f * predW;
        out[o + 3] = predY + 0.5f * predH;
      }
    }
    return out;
  }
}
