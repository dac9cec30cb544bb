package io.solider.tasks.search.head;

/**
 * torchvision's {@code AnchorGenerator} for one feature map (unchanged from 0.8.2 to 0.14, apart
 * from 0.8.2's cache): base anchors {@code round([−w, −h, w, h] / 2)} centred on 0 with
 * {@code h = size·√ratio}, {@code w = size / √ratio} (float32; round half to even), ratios outer
 * and sizes inner, then shifted to every feature cell's top-left corner in the padded image
 * ({@code x·stride, y·stride}; cells row by row, anchors innermost).
 *
 * @param sizes anchor sizes (SeqNet: 32, 64, 128, 256, 512)
 * @param ratios aspect ratios h/w (SeqNet: 0.5, 1, 2)
 */
public record AnchorGenerator(double[] sizes, double[] ratios) {

  /** SeqNet's anchors: 5 sizes × 3 ratios = 15 per location. */
  public static AnchorGenerator seqNet() {
    return new AnchorGenerator(new double[] {32, 64, 128, 256, 512}, new double[] {0.5, 1.0, 2.0});
  }

  /** Anchors per feature cell. */
  public int perLocation() {
    return sizes.length * ratios.length;
  }

  /** The cell anchors, {@code perLocation() × 4}: x1, y1, x2, y2 around the origin. */
  public float[] baseAnchors() {
    int a = 0;
    float[] out = new float[4 * perLocation()];
    for (double r : ratios) {
      float hRatio = (float) Math.sqrt((float) r);
      float wRatio = 1f / hRatio;
      for (double s : sizes) {
        float ws = wRatio * (float) s;
        float hs = hRatio * (float) s;
        out[4 * a] = (float) Math.rint(-ws / 2f);
        out[4 * a + 1] = (float) Math.rint(-hs / 2f);
        out[4 * a + 2] = (float) Math.rint(ws / 2f);
        out[4 * a + 3] = (float) Math.rint(hs / 2f);
        a++;
      }
    }
    return out;
  }

  /**
   * All anchors of a {@code featureH × featureW} map of a padded {@code imageH × imageW} batch:
   * stride = image size ÷ feature size (integer division, as torchvision computes it).
   *
   * @return (featureH · featureW · perLocation) × 4, cell (y, x) then anchor
   */
  public float[] anchors(int featureH, int featureW, int imageH, int imageW) {
    int strideY = imageH / featureH;
    int strideX = imageW / featureW;
    float[] base = baseAnchors();
    int a = perLocation();
    float[] out = new float[featureH * featureW * a * 4];
    int o = 0;
    for (int y = 0; y < featureH; y++) {
      float sy = (float) y * strideY;
      for (int x = 0; x < featureW; x++) {
        float sx = (float) x * strideX;
        for (int k = 0; k < a; k++) {
          out[o++] = sx + base[4 * k];
          out[o++] = sy + base[4 * k + 1];
          out[o++] = sx + base[4 * k + 2];
          out[o++] = sy + base[4 * k + 3];
        }
      }
    }
    return out;
  }
}
