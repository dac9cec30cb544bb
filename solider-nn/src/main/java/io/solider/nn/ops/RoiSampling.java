package io.solider.nn.ops;

import io.solider.nn.util.NdArrays;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The RoI Align sampling of a set of boxes on one feature map ({@link RoiAlign#sample}), applied
 * outside any graph: {@link #forward} gives the (K, C, out_h, out_w) box features, {@link #backward}
 * maps their gradient back onto the feature map (the transposed map, exactly torchvision's
 * gradient). A task head graph takes the box features as an input and returns their gradient, which
 * this turns into the feature map's gradient for the backbone.
 *
 * <p>Each box works on its support window only: {@code out_k = A_y,k · F[b_k, :, window] · A_x,kᵀ},
 * two small matrix products per box and channel block, so memory is a few windows, not a dense
 * (K·out_h·out_w, H·W) matrix.
 */
public final class RoiSampling {

  private final RoiAlign.Config config;
  private final int[] image;
  private final RoiAlign.AxisWeights[] ys;
  private final RoiAlign.AxisWeights[] xs;
  private final int batch;
  private final int height;
  private final int width;

  RoiSampling(RoiAlign.Config config, int[] image, RoiAlign.AxisWeights[] ys, RoiAlign.AxisWeights[] xs, int batch,
      int height, int width) {
    this.config = config;
    this.image = image;
    this.ys = ys;
    this.xs = xs;
    this.batch = batch;
    this.height = height;
    this.width = width;
  }

  /** Number of boxes. */
  public int size() {
    return image.length;
  }

  /** Bytes of the sampling weights of all boxes (what this object holds besides its bookkeeping). */
  public long weightBytes() {
    long n = 0;
    for (int k = 0; k < image.length; k++) {
      n += (long) config.outputHeight() * ys[k].window() + (long) config.outputWidth() * xs[k].window();
    }
    return 4 * n;
  }

  /** Largest support window of a box, (rows, columns). */
  public int[] largestWindow() {
    int h = 0;
    int w = 0;
    for (int k = 0; k < image.length; k++) {
      h = Math.max(h, ys[k].window());
      w = Math.max(w, xs[k].window());
    }
    return new int[] {h, w};
  }

  /** features (B, C, H, W) → (K, C, out_h, out_w). */
  public INDArray forward(INDArray features) {
    checkMap(features.shape());
    long c = features.size(1);
    int oh = config.outputHeight();
    int ow = config.outputWidth();
    INDArray out = Nd4j.create(features.dataType(), image.length, c, oh, ow);
    for (int k = 0; k < image.length; k++) {
      RoiAlign.AxisWeights y = ys[k];
      RoiAlign.AxisWeights x = xs[k];
      INDArray ay = Nd4j.create(y.weights()).castTo(features.dataType());
      INDArray axT = Nd4j.create(x.weights()).castTo(features.dataType()).transpose();
      INDArray crop = features.get(window(k)).dup('c'); // (C, hs, ws)
      INDArray cols = crop.reshape(c * y.window(), x.window()).mmul(axT); // (C·hs, ow)
      INDArray byRow = cols.reshape(c, y.window(), ow).permute(1, 0, 2).dup('c').reshape(y.window(), c * ow);
      INDArray res = ay.mmul(byRow); // (oh, C·ow)
      out.slice(k).assign(res.reshape(oh, c, ow).permute(1, 0, 2));
      NdArrays.closeAll(Arrays.asList(ay, axT, crop, cols, byRow, res));
    }
    return out;
  }

  /**
   * d loss / d features (B, C, H, W) from d loss / d box features (K, C, out_h, out_w); rows and
   * columns no box reaches get 0.
   */
  public INDArray backward(INDArray gradOutput, long channels) {
    long[] expected = {image.length, channels, config.outputHeight(), config.outputWidth()};
    if (!Arrays.equals(gradOutput.shape(), expected)) {
      throw new IllegalArgumentException("box feature gradient must be " + Arrays.toString(expected) + ", got "
          + Arrays.toString(gradOutput.shape()));
    }
    int oh = config.outputHeight();
    int ow = config.outputWidth();
    DataType t = gradOutput.dataType();
    INDArray grad = Nd4j.zeros(t, batch, channels, height, width);
    for (int k = 0; k < image.length; k++) {
      RoiAlign.AxisWeights y = ys[k];
      RoiAlign.AxisWeights x = xs[k];
      INDArray ayT = Nd4j.create(y.weights()).castTo(t).transpose();
      INDArray ax = Nd4j.create(x.weights()).castTo(t);
      INDArray g = gradOutput.slice(k).permute(1, 0, 2).dup('c').reshape(oh, channels * ow); // (oh, C·ow)
      INDArray rows = ayT.mmul(g); // (hs, C·ow)
      INDArray byChannel = rows.reshape(y.window(), channels, ow).permute(1, 0, 2).dup('c')
          .reshape(channels * y.window(), ow);
      INDArray d = byChannel.mmul(ax); // (C·hs, ws)
      grad.get(window(k)).addi(d.reshape(channels, y.window(), x.window()));
      NdArrays.closeAll(Arrays.asList(ayT, ax, g, rows, byChannel, d));
    }
    return grad;
  }

  private INDArrayIndex[] window(int k) {
    return new INDArrayIndex[] {NDArrayIndex.point(image[k]), NDArrayIndex.all(),
        NDArrayIndex.interval(ys[k].from(), ys[k].from() + ys[k].window()),
        NDArrayIndex.interval(xs[k].from(), xs[k].from() + xs[k].window())};
  }

  private void checkMap(long[] shape) {
    if (shape.length != 4 || shape[0] != batch || shape[2] != height || shape[3] != width) {
      throw new IllegalArgumentException("feature map must be (" + batch + ", C, " + height + ", " + width
          + ") as sampled, got " + Arrays.toString(shape));
    }
  }
}
