package io.solider.nn.ops;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * torchvision's {@code roi_align} (the CPU kernel of torchvision 0.6 onwards; 0.8.2, which the
 * person-search release uses, and 0.14 compute the same): each of the output's bins averages a
 * grid of bilinear samples of the feature map.
 *
 * <p>For a box (x1, y1, x2, y2) and scale s: start = x1·s − o with o = ½ when aligned, else 0;
 * size = (x2 − x1)·s, at least 1 when not aligned; bin = size/out; the grid has
 * {@code samplingRatio} points per bin and axis, or ⌈size/out⌉ when the ratio is ≤ 0; sample
 * (bin p, point i) sits at {@code start + p·bin + (i + ½)·bin/grid}. A sample outside
 * [−1, side] on either axis contributes 0; otherwise its coordinate is clamped at 0 and it
 * interpolates bilinearly between ⌊y⌋ and ⌊y⌋+1 (both the last row when ⌊y⌋ ≥ side−1). A bin's
 * value is the sum over its grid divided by max(grid_h·grid_w, 1).
 *
 * <p>Every factor of that is separable: a box's output is {@code A_y · F · A_xᵀ} for an (out_h,
 * H) and an (out_w, W) matrix whose rows are non-zero only on the few cells a bin's samples touch.
 * {@link #sample} computes those rows in Java (in float, as the kernel does) and keeps only their
 * non-zero ranges; {@link RoiSampling} applies them forward and transposed (the gradient w.r.t.
 * the feature map).
 */
public final class RoiAlign {

  private final Config config;

  /**
   * @param outputHeight bins per column (14 for person search's box head, 7 typical)
   * @param outputWidth bins per row
   * @param spatialScale feature-map cells per image pixel (1/16 for a stride-16 map)
   * @param samplingRatio grid points per bin and axis; ≤ 0 for adaptive (⌈box side / bins⌉)
   * @param aligned torchvision's aligned flag (half-pixel offset, no minimum box size)
   */
  public record Config(int outputHeight, int outputWidth, double spatialScale, int samplingRatio, boolean aligned) {

    public Config {
      if (outputHeight < 1 || outputWidth < 1 || !(spatialScale > 0)) {
        throw new IllegalArgumentException("roi_align needs a positive output size and spatial scale, got "
            + outputHeight + "x" + outputWidth + ", scale " + spatialScale);
      }
    }
  }

  public RoiAlign(Config config) {
    this.config = config;
  }

  public Config config() {
    return config;
  }

  /**
   * The sampling weights of boxes on a feature map.
   *
   * @param rois (K, 5) rows (batch index, x1, y1, x2, y2) in image coordinates, as torchvision's
   *     Tensor[K, 5] form
   * @param batch images in the feature map (to check the batch indices)
   */
  public RoiSampling sample(INDArray rois, int batch, int height, int width) {
    if (rois.rank() != 2 || rois.size(1) != 5) {
      throw new IllegalArgumentException("rois must be (K, 5) rows of (batch index, x1, y1, x2, y2), got shape "
          + Arrays.toString(rois.shape()));
    }
    int k = (int) rois.size(0);
    float[] r = rois.castTo(DataType.FLOAT).dup('c').data().asFloat();
    int[] image = new int[k];
    SparseAxis[] ys = new SparseAxis[k];
    SparseAxis[] xs = new SparseAxis[k];
    float scale = (float) config.spatialScale();
    float offset = config.aligned() ? 0.5f : 0f;
    for (int i = 0; i < k; i++) {
      float b = r[5 * i];
      image[i] = (int) b;
      if (image[i] != b || image[i] < 0 || image[i] >= batch) {
        throw new IllegalArgumentException("roi " + i + " has batch index " + b + ", the feature map holds " + batch
            + " images");
      }
      xs[i] = axis(r[5 * i + 1] * scale - offset, r[5 * i + 3] * scale - offset, config.outputWidth(), width);
      ys[i] = axis(r[5 * i + 2] * scale - offset, r[5 * i + 4] * scale - offset, config.outputHeight(), height);
    }
    return new RoiSampling(config, image, ys, xs, batch, height, width);
  }

  /** One axis of one box: bin p averages its samples' bilinear weights (each divided by the grid size). */
  private SparseAxis axis(float start, float end, int bins, int side) {
    float size = end - start;
    if (!config.aligned()) {
      size = Math.max(size, 1f); // the kernel forces malformed boxes to 1 cell
    }
    float bin = size / bins;
    int grid = config.samplingRatio() > 0 ? config.samplingRatio() : (int) Math.ceil(size / bins);
    float[][] dense = new float[bins][side];
    for (int p = 0; p < bins; p++) {
      for (int i = 0; i < grid; i++) {
        float c = start + p * bin + (i + .5f) * bin / grid;
        if (c < -1.0 || c > side) {
          continue; // the whole sample is 0, whatever the other axis says
        }
        if (c <= 0) {
          c = 0;
        }
        int low = (int) c;
        int high;
        if (low >= side - 1) {
          high = low = side - 1;
          c = low;
        } else {
          high = low + 1;
        }
        float l = c - low;
        dense[p][low] += (1f - l) / grid;
        dense[p][high] += l / grid;
      }
    }
    return SparseAxis.of(dense);
  }
}
