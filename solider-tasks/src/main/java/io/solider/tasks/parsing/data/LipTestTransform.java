package io.solider.tasks.parsing.data;

import io.solider.nn.image.ImageNormalization;
import io.solider.tasks.common.AffineMatrix;
import io.solider.tasks.common.AffineWarp;
import io.solider.tasks.common.U8Image;

/**
 * The release's test input ({@code datasets.py} {@code LIPDataValSet.__getitem__}): the whole image
 * as box (aspect fixed to the crop's, no rotation), warped bilinearly with border 0 onto the crop
 * (572×384), normalised as in training; the box is kept to map the prediction back.
 */
public final class LipTestTransform {

  private final int cropHeight;
  private final int cropWidth;
  private final ImageNormalization normalization;

  /** The test transform at {@code cropHeight × cropWidth} (release: 572×384, ImageNet statistics). */
  public LipTestTransform(int cropHeight, int cropWidth, ImageNormalization normalization) {
    if (cropHeight < 2 || cropWidth < 2) {
      throw new IllegalArgumentException("crop must be at least 2×2, got " + cropHeight + "×" + cropWidth);
    }
    this.cropHeight = cropHeight;
    this.cropWidth = cropWidth;
    this.normalization = normalization;
  }

  /** The release's: 572×384, ImageNet statistics. */
  public static LipTestTransform release() {
    return new LipTestTransform(572, 384, ImageNormalization.imagenet());
  }

  /** Crop height. */
  public int cropHeight() {
    return cropHeight;
  }

  /** Crop width. */
  public int cropWidth() {
    return cropWidth;
  }

  /**
   * A test input.
   *
   * @param input normalised RGB crop (3, cropHeight, cropWidth)
   * @param box the whole-image box
   * @param width original image width
   * @param height original image height
   */
  public record Input(float[] input, SchpAffine.Box box, int width, int height) {}

  /** The crop of a BGR image. */
  public Input apply(U8Image bgr) {
    SchpAffine.Box box = SchpAffine.wholeImage(bgr.width(), bgr.height(), cropHeight, cropWidth);
    AffineMatrix m = SchpAffine.transform(box.center(), box.scale(), 0, cropHeight, cropWidth, false);
    U8Image crop = AffineWarp.warp(bgr, m, cropWidth, cropHeight, AffineWarp.Interpolation.LINEAR, 0);
    return new Input(LipTrainTransform.normalise(crop, normalization), box, bgr.width(), bgr.height());
  }
}
