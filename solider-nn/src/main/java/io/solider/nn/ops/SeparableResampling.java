package io.solider.nn.ops;

import java.util.stream.IntStream;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A fixed linear map of the two spatial axes that acts on each axis separately:
 * {@code Y[b, c] = R · X[b, c] · Cᵀ} for X (B, C, h, w), R (outH, h), C (outW, w). Resizing
 * (bilinear, nearest) and adaptive average pooling are such maps.
 *
 * <p>In a graph ({@link #apply(SameDiff, SDVariable, int, float[][], float[][])}) the map is two
 * dense matrix products with constant matrices, which SameDiff differentiates exactly (its resize
 * ops have no gradient). The products are cheap next to the two transposes around them (measured
 * at 36×24 → 143×96, 8×256 planes: 30 ms of matmul, 250 ms of permute and reshape, forward and
 * backward); cutting the banded matrices into blocks of small products was slower still, from the
 * per-op overhead.
 *
 * <p>Outside a graph ({@link #apply(INDArray, float[][], float[][])} and {@link #adjoint}) the map
 * runs over the non-zero ranges only, in Java, planes in parallel: the cheap way to upsample
 * logits to the label size for a loss computed in Java and to bring the loss's gradient back.
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

  /** The map applied to x (B, C, h, w) float32 outside a graph → (B, C, outH, outW). */
  public static INDArray apply(INDArray x, float[][] rows, float[][] cols) {
    checkInput(x, rows, cols);
    int planes = (int) (x.size(0) * x.size(1));
    int h = rows[0].length;
    int w = cols[0].length;
    SparseAxis ry = SparseAxis.of(rows);
    SparseAxis rx = SparseAxis.of(cols);
    float[] in = RoiSampling.floats(x);
    float[] out = new float[planes * rows.length * cols.length];
    IntStream.range(0, planes).parallel().forEach(pl -> SparseAxis.forwardPlane(in, pl * h * w, w, ry, rx, out,
        pl * rows.length * cols.length, new float[h * cols.length]));
    return Nd4j.create(out, new long[] {x.size(0), x.size(1), rows.length, cols.length}, 'c');
  }

  /** The transpose of {@link #apply(INDArray, float[][], float[][])}: d loss / d x (B, C, h, w) from d loss / d y. */
  public static INDArray adjoint(INDArray gradY, float[][] rows, float[][] cols) {
    if (gradY.rank() != 4 || gradY.size(2) != rows.length || gradY.size(3) != cols.length) {
      throw new IllegalArgumentException("gradient must be (B, C, " + rows.length + ", " + cols.length + "), got "
          + java.util.Arrays.toString(gradY.shape()));
    }
    RoiSampling.checkFloat(gradY, "gradient");
    int planes = (int) (gradY.size(0) * gradY.size(1));
    int h = rows[0].length;
    int w = cols[0].length;
    SparseAxis ry = SparseAxis.of(rows);
    SparseAxis rx = SparseAxis.of(cols);
    float[] g = RoiSampling.floats(gradY);
    float[] grad = new float[planes * h * w];
    IntStream.range(0, planes).parallel().forEach(pl -> SparseAxis.adjointPlane(g, pl * rows.length * cols.length,
        ry, rx, grad, pl * h * w, w, new float[h * cols.length]));
    return Nd4j.create(grad, new long[] {gradY.size(0), gradY.size(1), h, w}, 'c');
  }

  private static void checkInput(INDArray x, float[][] rows, float[][] cols) {
    if (x.rank() != 4 || x.size(2) != rows[0].length || x.size(3) != cols[0].length) {
      throw new IllegalArgumentException("input must be (B, C, " + rows[0].length + ", " + cols[0].length + "), got "
          + java.util.Arrays.toString(x.shape()));
    }
    RoiSampling.checkFloat(x, "input");
  }
}
