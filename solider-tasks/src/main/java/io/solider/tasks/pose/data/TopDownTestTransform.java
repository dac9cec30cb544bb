package io.solider.tasks.pose.data;

import io.solider.nn.image.ImageNormalization;
import io.solider.tasks.common.AffineWarp;
import java.awt.image.BufferedImage;

/**
 * The release's top-down test pipeline: {@code TopDownAffine} with the person's centre/scale and no
 * rotation ({@code cv2.warpAffine(INTER_LINEAR)} to W × H), {@code ToTensor} and ImageNet
 * {@code NormalizeTensor}.
 */
public final class TopDownTestTransform {

  private final int width;
  private final int height;
  private final ImageNormalization norm;

  public TopDownTestTransform(int width, int height, ImageNormalization norm) {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException("input size must be positive, got " + width + "×" + height);
    }
    this.width = width;
    this.height = height;
    this.norm = norm;
  }

  /** 288×384, ImageNet normalisation. */
  public static TopDownTestTransform release() {
    return new TopDownTestTransform(288, 384, ImageNormalization.imagenet());
  }

  /** The crop of {@code person} as 3 × H × W normalised floats. */
  public float[] apply(BufferedImage image, PersonInstance person) {
    int w = image.getWidth();
    int h = image.getHeight();
    int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
    int[] crop = AffineWarp.warp(rgb, w, h, TopDownGeometry.affine(person.box(), 0, width, height, false), width, height);
    return normalise(crop, width, height, norm);
  }

  /** {@code ToTensor} + {@code NormalizeTensor}: packed RGB → 3 × H × W, {@code (v/255 − mean)/std} in float32. */
  static float[] normalise(int[] rgb, int width, int height, ImageNormalization norm) {
    int plane = width * height;
    float[] out = new float[3 * plane];
    for (int i = 0; i < plane; i++) {
      int p = rgb[i];
      out[i] = norm.apply(0, (p >> 16) & 0xff);
      out[plane + i] = norm.apply(1, (p >> 8) & 0xff);
      out[2 * plane + i] = norm.apply(2, p & 0xff);
    }
    return out;
  }
}
