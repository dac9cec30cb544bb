package io.solider.tasks.parsing.data;

import io.solider.nn.image.ImageNormalization;
import io.solider.tasks.common.AffineMatrix;
import io.solider.tasks.common.AffineWarp;
import io.solider.tasks.common.U8Image;
import java.util.random.RandomGenerator;

/**
 * The release's training augmentation ({@code datasets.py} {@code LIPDataSet.__getitem__}, split
 * 'train'): the whole image as box (aspect fixed to the crop's), its size scaled by
 * clip(N(1, 0.25), 0.75, 1.25), rotated by clip(N(0, 30), −60, 60) degrees with probability 0.6,
 * mirrored with probability 0.5 (left/right classes swapped, {@link LipFlip}), then warped onto the
 * crop: the image bilinearly with border 0, the labels nearest with border 255 ({@link AffineWarp},
 * pixel-exact with cv2); the BGR crop becomes RGB, /255, ImageNet-normalised (ToTensor,
 * BGR2RGB_transform, Normalize, in float32).
 */
public final class LipTrainTransform {

  private final Config config;

  /** A transform with {@code config} ({@link Config#release()} for the release's). */
  public LipTrainTransform(Config config) {
    this.config = config;
  }

  /**
   * Settings of the augmentation.
   *
   * @param cropHeight crop height (release: 572)
   * @param cropWidth crop width (release: 384)
   * @param scaleFactor sf: size × clip(N(1, sf), 1 − sf, 1 + sf) (release: 0.25)
   * @param rotationFactor rf: rotation clip(N(0, rf), −2rf, 2rf) degrees (release: 30)
   * @param rotationProbability chance of rotating (release: 0.6)
   * @param flipProbability chance of mirroring (release: 0.5)
   * @param normalization per-channel normalisation of the RGB crop (release: ImageNet)
   */
  public record Config(int cropHeight, int cropWidth, double scaleFactor, double rotationFactor,
      double rotationProbability, double flipProbability, ImageNormalization normalization) {

    public Config {
      if (cropHeight < 2 || cropWidth < 2) {
        throw new IllegalArgumentException("crop must be at least 2×2, got " + cropHeight + "×" + cropWidth);
      }
      if (!(scaleFactor >= 0 && scaleFactor < 1) || !(rotationFactor >= 0)) {
        throw new IllegalArgumentException("scale factor must be in [0, 1) and rotation factor >= 0");
      }
      if (!(rotationProbability >= 0 && rotationProbability <= 1) || !(flipProbability >= 0 && flipProbability <= 1)) {
        throw new IllegalArgumentException("probabilities must be in [0, 1]");
      }
    }

    /** The release's settings for LIP (572×384). */
    public static Config release() {
      return new Config(572, 384, 0.25, 30, 0.6, 0.5, ImageNormalization.imagenet());
    }

    /** The release's augmentation at another crop size (e.g. a small CPU preset). */
    public Config withCrop(int height, int width) {
      return new Config(height, width, scaleFactor, rotationFactor, rotationProbability, flipProbability, normalization);
    }
  }

  /**
   * The random part of one sample.
   *
   * @param scale factor on the box size
   * @param rotation degrees
   * @param flip mirrored
   */
  public record Draw(double scale, double rotation, boolean flip) {}

  /**
   * Draws in the release's order: a normal for the scale, a uniform for whether to rotate, a normal
   * for the angle (only when rotating), a uniform for the flip.
   */
  public Draw draw(RandomGenerator rng) {
    double n1 = rng.nextGaussian();
    double u1 = rng.nextDouble();
    double n2 = u1 <= config.rotationProbability() ? rng.nextGaussian() : Double.NaN;
    double u2 = rng.nextDouble();
    return draw(n1, u1, n2, u2);
  }

  /**
   * The draw given the raw random numbers: {@code n1}, {@code n2} standard normals, {@code u1},
   * {@code u2} uniform in [0, 1) ({@code n2} unused when {@code u1} does not rotate).
   */
  public Draw draw(double n1, double u1, double n2, double u2) {
    double sf = config.scaleFactor();
    double rf = config.rotationFactor();
    double scale = Math.min(Math.max(n1 * sf + 1, 1 - sf), 1 + sf);
    double rotation = u1 <= config.rotationProbability() ? Math.min(Math.max(n2 * rf, -rf * 2), rf * 2) : 0;
    return new Draw(scale, rotation, u2 <= config.flipProbability());
  }

  /**
   * A training sample.
   *
   * @param input normalised RGB crop, (3, cropHeight, cropWidth) row-major
   * @param labels crop labels (0–19, 255 outside the image or ignored), cropHeight × cropWidth
   * @param box the box the crop was cut from (after the flip and the scale draw)
   * @param rotation the rotation in degrees
   */
  public record Sample(float[] input, int[] labels, SchpAffine.Box box, double rotation) {}

  /** The crop of a loaded LIP image and mask ({@link Lip#load}) for the given draw. */
  public Sample apply(Lip.Pair pair, Draw d) {
    return apply(U8Image.bgr(pair.image()), pair.mask(), d);
  }

  /** The crop of {@code bgr} and {@code mask} for the given draw. */
  public Sample apply(U8Image bgr, PartMask mask, Draw d) {
    if (bgr.channels() != 3) {
      throw new IllegalArgumentException("expected a 3-channel BGR image, got " + bgr.channels() + " channels");
    }
    if (bgr.width() != mask.width() || bgr.height() != mask.height()) {
      throw new IllegalArgumentException("image is " + bgr.width() + "×" + bgr.height() + " but its mask is "
          + mask.width() + "×" + mask.height());
    }
    int ch = config.cropHeight();
    int cw = config.cropWidth();
    SchpAffine.Box box = SchpAffine.wholeImage(bgr.width(), bgr.height(), ch, cw);
    float[] center = box.center();
    float[] size = box.scale();
    float factor = (float) d.scale(); // numpy multiplies the float32 size by the factor cast to float32
    size[0] *= factor;
    size[1] *= factor;
    U8Image img = bgr;
    int[] labels = mask.labels();
    if (d.flip()) {
      img = bgr.flipHorizontal();
      labels = LipFlip.mirror(labels, mask.width(), mask.height());
      center[0] = (float) ((double) bgr.width() - center[0] - 1);
    }
    AffineMatrix m = SchpAffine.transform(center, size, d.rotation(), ch, cw, false);
    U8Image crop = AffineWarp.warp(img, m, cw, ch, AffineWarp.Interpolation.LINEAR, 0);
    int[] cropLabels = AffineWarp.warpNearest(labels, mask.width(), mask.height(), m, cw, ch, Lip.IGNORE);
    return new Sample(normalise(crop, config.normalization()), cropLabels, new SchpAffine.Box(center, size), d.rotation());
  }

  /**
   * ToTensor, BGR2RGB_transform and Normalize of a BGR crop: (3, H, W) RGB floats
   * {@code (v/255 − mean)/std}.
   */
  public static float[] normalise(U8Image bgr, ImageNormalization norm) {
    int plane = bgr.height() * bgr.width();
    float[] out = new float[3 * plane];
    byte[] d = bgr.data();
    for (int i = 0; i < plane; i++) {
      for (int c = 0; c < 3; c++) {
        out[c * plane + i] = norm.apply(c, d[3 * i + 2 - c] & 0xff);
      }
    }
    return out;
  }
}
