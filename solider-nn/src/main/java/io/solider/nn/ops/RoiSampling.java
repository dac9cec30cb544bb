package io.solider.nn.ops;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The RoI Align sampling of a set of boxes on one feature map ({@link RoiAlign#sample}), applied
 * outside any graph: {@link #forward} gives the (K, C, out_h, out_w) box features, {@link #backward}
 * maps their gradient back onto the feature map (the transposed map, which is torchvision's
 * gradient). A task head graph takes the box features as an input and returns their gradient,
 * which this turns into the feature map's gradient for the backbone.
 *
 * <p>Per box and channel the output is {@code A_y · F · A_xᵀ} with A_y, A_x sparse (a bin reads
 * 2·grid cells or a bin's width plus one, per axis): the products run over those ranges only, in
 * plain Java loops (boxes in parallel forward; channels in parallel backward, where boxes of one
 * image add into the same cells). Memory is the feature map's copy, the output and the
 * weights (a few kB per box); a dense (K·out_h·out_w, H·W) sampling matrix would take gigabytes at
 * person-search size (docs/LAYERS.md).
 */
public final class RoiSampling {

  private final RoiAlign.Config config;
  private final int[] image;
  private final SparseAxis[] ys;
  private final SparseAxis[] xs;
  private final int batch;
  private final int height;
  private final int width;

  RoiSampling(RoiAlign.Config config, int[] image, SparseAxis[] ys, SparseAxis[] xs, int batch,
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

  /** Bytes of the sampling weights of all boxes. */
  public long weightBytes() {
    long n = 0;
    for (int k = 0; k < image.length; k++) {
      n += ys[k].floats() + xs[k].floats();
    }
    return 4 * n;
  }

  /** Largest support of a box on the map, (rows, columns). */
  public int[] largestWindow() {
    int h = 0;
    int w = 0;
    for (int k = 0; k < image.length; k++) {
      h = Math.max(h, ys[k].window());
      w = Math.max(w, xs[k].window());
    }
    return new int[] {h, w};
  }

  /** features (B, C, H, W), float32 → (K, C, out_h, out_w). */
  public INDArray forward(INDArray features) {
    checkMap(features.shape());
    checkFloat(features, "feature map");
    int c = (int) features.size(1);
    int oh = config.outputHeight();
    int ow = config.outputWidth();
    float[] f = floats(features);
    INDArray out = Nd4j.createUninitialized(DataType.FLOAT, image.length, c, oh, ow);
    java.nio.FloatBuffer target = out.data().asNioFloat();
    int block = c * oh * ow;
    // Boxes in parallel: each fills its own (C, out_h, out_w) block, written straight to the output.
    IntStream.range(0, image.length).parallel().forEach(k -> {
      float[] rows = new float[height * ow];
      float[] box = new float[block];
      for (int ch = 0; ch < c; ch++) {
        SparseAxis.forwardPlane(f, (image[k] * c + ch) * height * width, width, ys[k], xs[k], box, ch * oh * ow, rows);
      }
      target.put(k * block, box);
    });
    return out;
  }

  /**
   * d loss / d features (B, C, H, W) from d loss / d box features (K, C, out_h, out_w), float32;
   * cells no box reaches get 0.
   */
  public INDArray backward(INDArray gradOutput, long channels) {
    long[] expected = {image.length, channels, config.outputHeight(), config.outputWidth()};
    if (!Arrays.equals(gradOutput.shape(), expected)) {
      throw new IllegalArgumentException("box feature gradient must be " + Arrays.toString(expected) + ", got "
          + Arrays.toString(gradOutput.shape()));
    }
    checkFloat(gradOutput, "box feature gradient");
    int c = (int) channels;
    int oh = config.outputHeight();
    int ow = config.outputWidth();
    float[] g = floats(gradOutput);
    float[] grad = new float[batch * c * height * width];
    IntStream.range(0, c).parallel().forEach(ch -> {
      float[] rows = new float[height * ow];
      for (int k = 0; k < image.length; k++) { // boxes of one image may overlap: one channel per thread
        SparseAxis.adjointPlane(g, (k * c + ch) * oh * ow, ys[k], xs[k], grad, (image[k] * c + ch) * height * width,
            width, rows);
      }
    });
    return Nd4j.create(grad, new long[] {batch, c, height, width}, 'c');
  }

  static float[] floats(INDArray a) {
    INDArray c = a.isView() || a.ordering() != 'c' ? a.dup('c') : a;
    return c.data().asFloat();
  }

  static void checkFloat(INDArray a, String what) {
    if (a.dataType() != DataType.FLOAT) {
      throw new IllegalArgumentException(what + " must be float32, got " + a.dataType());
    }
  }

  private void checkMap(long[] shape) {
    if (shape.length != 4 || shape[0] != batch || shape[2] != height || shape[3] != width) {
      throw new IllegalArgumentException("feature map must be (" + batch + ", C, " + height + ", " + width
          + ") as sampled, got " + Arrays.toString(shape));
    }
  }
}
