package io.solider.nn.ops;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A fixed linear map of the two spatial axes that acts on each axis separately:
 * {@code Y[b, c] = R · X[b, c] · Cᵀ} for X (B, C, h, w), R (outH, h), C (outW, w). Resizing
 * (bilinear, nearest) and adaptive average pooling are such maps; as two matrix products with
 * constant matrices they get exact gradients from SameDiff, unlike its resize ops (no gradient).
 */
public final class SeparableResampling {

  private SeparableResampling() {}

  /**
   * @param rows (outH, h) weights of the row axis
   * @param cols (outW, w) weights of the column axis
   * @return (B, channels, outH, outW)
   */
  public static SDVariable apply(SameDiff sd, SDVariable x, int channels, float[][] rows, float[][] cols) {
    int h = rows[0].length;
    int oh = rows.length;
    int ow = cols.length;
    SDVariable colsT = sd.constant(Nd4j.create(cols).transpose().dup('c'));
    SDVariable rowsT = sd.constant(Nd4j.create(rows).transpose().dup('c'));
    SDVariable y = x.reshape(-1, cols[0].length).mmul(colsT); // (B·C·h, outW)
    y = y.reshape(-1, h, ow).permute(0, 2, 1).reshape(-1, h).mmul(rowsT); // (B·C·outW, outH)
    return y.reshape(-1, ow, oh).permute(0, 2, 1).reshape(-1, channels, oh, ow);
  }
}
