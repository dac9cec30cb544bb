package io.solider.tasks.search.data;

import io.solider.nn.ops.Interpolation;
import java.util.List;

/**
 * torchvision 0.8.2's {@code GeneralizedRCNNTransform} as SeqNet configures it (train and test):
 * normalise with the ImageNet mean and std (float32), resize bilinearly so that the shorter side
 * is {@code minSize} unless the longer side would exceed {@code maxSize}
 * ({@code F.interpolate(scale_factor, recompute_scale_factor=True)}: output = ⌊size × scale⌋ with
 * the scale in double precision; torchvision ≥ 0.9 computes the scale in float32, which can
 * change a side by one pixel), scale the boxes by new/old size per axis (float32), and pad the
 * batch with zeros at the bottom and right to a multiple of {@code sizeDivisible}.
 *
 * @param minSize shorter side (900)
 * @param maxSize longest allowed side (1500)
 * @param mean per-channel mean subtracted
 * @param std per-channel std divided by
 * @param sizeDivisible padding multiple (32)
 */
public record RcnnTransform(int minSize, int maxSize, float[] mean, float[] std, int sizeDivisible) {

  /** SeqNet's setting: 900 / 1500, ImageNet statistics, multiples of 32. */
  public static RcnnTransform seqNet() {
    return new RcnnTransform(900, 1500, new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f},
        32);
  }

  /** Same transform at another input size (a CPU preset). */
  public RcnnTransform withSizes(int min, int max) {
    return new RcnnTransform(min, max, mean, std, sizeDivisible);
  }

  /** The resized height and width of an {@code h × w} image. */
  public int[] resizedSize(int h, int w) {
    double minSide = Math.min(h, w);
    double maxSide = Math.max(h, w);
    double scale = minSize / minSide;
    if (maxSide * scale > maxSize) {
      scale = maxSize / maxSide;
    }
    return new int[] {(int) Math.floor(h * scale), (int) Math.floor(w * scale)};
  }

  /** Normalises, resizes and rescales the boxes of one sample. */
  public SearchSample apply(SearchSample s) {
    int h = s.height();
    int w = s.width();
    int plane = h * w;
    float[] x = new float[s.pixels().length];
    for (int c = 0; c < 3; c++) {
      for (int i = 0; i < plane; i++) {
        x[c * plane + i] = (s.pixels()[c * plane + i] - mean[c]) / std[c];
      }
    }
    int[] size = resizedSize(h, w);
    float[] resized = Interpolation.resizeBilinear(x, 3, h, w, size[0], size[1], false);
    return new SearchSample(resized, size[0], size[1], resizeBoxes(s.boxes(), h, w, size[0], size[1]), s.pids());
  }

  /** {@code resize_boxes}: x × (newW / oldW), y × (newH / oldH), ratios in float32. */
  public static float[] resizeBoxes(float[] boxes, int oldH, int oldW, int newH, int newW) {
    float rh = (float) newH / (float) oldH;
    float rw = (float) newW / (float) oldW;
    float[] out = new float[boxes.length];
    for (int i = 0; i < boxes.length; i += 4) {
      out[i] = boxes[i] * rw;
      out[i + 1] = boxes[i + 1] * rh;
      out[i + 2] = boxes[i + 2] * rw;
      out[i + 3] = boxes[i + 3] * rh;
    }
    return out;
  }

  /**
   * A padded batch.
   *
   * @param pixels batch × 3 × height × width
   * @param height padded height (a multiple of the divisor)
   * @param width padded width
   * @param sizes each image's resized (unpadded) height and width
   */
  public record Batch(float[] pixels, int height, int width, List<int[]> sizes) {}

  /** {@code batch_images}: zero-pads every image to the largest size rounded up to the divisor. */
  public Batch batch(List<SearchSample> samples) {
    int maxH = 0;
    int maxW = 0;
    for (SearchSample s : samples) {
      maxH = Math.max(maxH, s.height());
      maxW = Math.max(maxW, s.width());
    }
    int h = (int) Math.ceil((double) maxH / sizeDivisible) * sizeDivisible;
    int w = (int) Math.ceil((double) maxW / sizeDivisible) * sizeDivisible;
    float[] out = new float[samples.size() * 3 * h * w];
    List<int[]> sizes = new java.util.ArrayList<>();
    for (int b = 0; b < samples.size(); b++) {
      SearchSample s = samples.get(b);
      for (int c = 0; c < 3; c++) {
        for (int y = 0; y < s.height(); y++) {
          System.arraycopy(s.pixels(), (c * s.height() + y) * s.width(), out, ((b * 3 + c) * h + y) * w, s.width());
        }
      }
      sizes.add(new int[] {s.height(), s.width()});
    }
    return new Batch(out, h, w, sizes);
  }

  /** {@code postprocess}: detections in the resized image back to the original image's pixels. */
  public static float[] toOriginal(float[] boxes, int resizedH, int resizedW, int originalH, int originalW) {
    return resizeBoxes(boxes, resizedH, resizedW, originalH, originalW);
  }
}
