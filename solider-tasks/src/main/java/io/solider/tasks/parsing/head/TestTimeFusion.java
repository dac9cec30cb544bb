package io.solider.tasks.parsing.head;

import io.solider.nn.ops.Interpolation;
import io.solider.tasks.common.AffineMatrix;
import io.solider.tasks.common.AffineWarp;
import io.solider.tasks.parsing.data.LipFlip;
import io.solider.tasks.parsing.data.SchpAffine;
import java.util.List;

/**
 * The release's test-time combination ({@code evaluate.py} {@code multi_scale_testing} and
 * {@code utils/transforms.py} {@code transform_parsing}): for each scale the normalised crop is
 * resized bilinearly (align_corners=True) and run with its mirror; the mirror's fusion logits get
 * left/right channels swapped (14↔15, 16↔17, 18↔19), are mirrored back and averaged with the
 * image's; each scale's scores are resized to the crop (align_corners=True), the scales averaged,
 * the argmax taken, and the label map warped back to the original image (inverse affine, nearest,
 * border 0). All in float32 as the release.
 */
public final class TestTimeFusion {

  /** The release's test scales ({@code evaluate_swin.sh}). */
  public static final List<Double> RELEASE_SCALES = List.of(0.5, 0.75, 1.0, 1.25, 1.5);

  private TestTimeFusion() {}

  /**
   * The model input at scale {@code s}: the (3, H, W) normalised crop resized to ⌊H·s⌋ × ⌊W·s⌋
   * ({@code nn.Upsample(scale_factor=s, mode='bilinear', align_corners=True)}). Resize the mirrored
   * crop the same way (mirror first) for the flipped pass.
   */
  public static float[] scaleInput(float[] chw, int height, int width, double s) {
    int channels = chw.length / (height * width);
    return Interpolation.resizeBilinear(chw, channels, height, width, Interpolation.outputSize(height, s),
        Interpolation.outputSize(width, s), true);
  }

  /** A (C, H, W) map mirrored left–right. */
  public static float[] mirror(float[] chw, int height, int width) {
    float[] out = new float[chw.length];
    for (int row = 0; row < chw.length / width; row++) {
      int o = row * width;
      for (int x = 0; x < width; x++) {
        out[o + width - 1 - x] = chw[o + x];
      }
    }
    return out;
  }

  /**
   * Fuses the fusion logits of each scale into scores at the crop size (1, C, cropHeight,
   * cropWidth). Each entry of {@code perScale} holds the logits of the image (batch index 0) and,
   * when {@code flip}, of its mirror (batch index 1).
   */
  public static ScoreMaps fuse(List<ScoreMaps> perScale, int cropHeight, int cropWidth, boolean flip) {
    if (perScale.isEmpty()) {
      throw new IllegalArgumentException("no scale to fuse");
    }
    int c = perScale.get(0).channels();
    float[] sum = null;
    for (ScoreMaps z : perScale) {
      if (z.channels() != c || z.batch() < (flip ? 2 : 1)) {
        throw new IllegalArgumentException("scale outputs must all have " + c + " channels and " + (flip ? 2 : 1)
            + " images, got " + z.shape());
      }
      float[] averaged = flip ? flipAverage(z) : java.util.Arrays.copyOf(z.data(), c * z.plane());
      float[] up = Interpolation.resizeBilinear(averaged, c, z.height(), z.width(), cropHeight, cropWidth, true);
      if (sum == null) {
        sum = up;
      } else {
        for (int i = 0; i < sum.length; i++) {
          sum[i] += up[i];
        }
      }
    }
    float n = perScale.size();
    for (int i = 0; i < sum.length; i++) {
      sum[i] /= n;
    }
    return new ScoreMaps(1, c, cropHeight, cropWidth, sum);
  }

  /** (image + mirrored-back, channel-swapped mirror pass) · 0.5, as the release does in place. */
  private static float[] flipAverage(ScoreMaps z) {
    int c = z.channels();
    int h = z.height();
    int w = z.width();
    int plane = z.plane();
    float[] d = z.data();
    float[] out = new float[c * plane];
    for (int k = 0; k < c; k++) {
      int from = (c >= 20 ? LipFlip.swap(k) : k) * plane + c * plane; // batch 1, swapped channel
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          float v = d[k * plane + y * w + x] + d[from + y * w + (w - 1 - x)];
          out[k * plane + y * w + x] = v * 0.5f;
        }
      }
    }
    return out;
  }

  /** The channel with the largest score per pixel (first on ties), image 0, row-major. */
  public static int[] argmax(ScoreMaps scores) {
    int c = scores.channels();
    int plane = scores.plane();
    float[] d = scores.data();
    int[] out = new int[plane];
    for (int i = 0; i < plane; i++) {
      int best = 0;
      float max = d[i];
      for (int k = 1; k < c; k++) {
        if (d[k * plane + i] > max) {
          max = d[k * plane + i];
          best = k;
        }
      }
      out[i] = best;
    }
    return out;
  }

  /**
   * The crop's labels warped back onto the original {@code width × height} image ({@code
   * transform_parsing}: inverse of the crop transform, nearest, border 0). {@code integerCentre}
   * truncates the box centre to integers first, as evaluate.py does for the mIoU it reports
   * (its centres array is int32); the PNGs it saves use the float centre.
   */
  public static int[] backProject(int[] cropLabels, int cropHeight, int cropWidth, SchpAffine.Box box, int width,
      int height, boolean integerCentre) {
    float[] c = box.center();
    if (integerCentre) {
      c[0] = (int) c[0];
      c[1] = (int) c[1];
    }
    AffineMatrix m = SchpAffine.transform(c, box.scale(), 0, cropHeight, cropWidth, true);
    return AffineWarp.warpNearest(cropLabels, cropWidth, cropHeight, m, width, height, 0);
  }
}
