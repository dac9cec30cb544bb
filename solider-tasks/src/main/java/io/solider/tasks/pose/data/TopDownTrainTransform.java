package io.solider.tasks.pose.data;

import io.solider.nn.image.ImageNormalization;
import io.solider.tasks.common.AffineMatrix;
import io.solider.tasks.common.AffineWarp;
import java.awt.image.BufferedImage;
import java.util.random.RandomGenerator;

/**
 * The release's top-down training pipeline ({@code swin_*_coco_384x288_release.py}), after loading:
 * <ol>
 *   <li>{@code TopDownRandomFlip(0.5)}: with {@code rand() <= 0.5} the whole image is mirrored
 *       ({@link TopDownAugment#flip});
 *   <li>{@code TopDownHalfBodyTransform(8, 0.3)}: if more than 8 joints are visible and
 *       {@code rand() < 0.3}, the box becomes the upper or lower body's ({@link TopDownAugment#halfBody});
 *   <li>{@code TopDownGetRandomScaleRotation(40, 0.5)} ({@link TopDownAugment#scaleRotation});
 *   <li>{@code TopDownAffine}: {@code cv2.warpAffine(INTER_LINEAR)} of the image to W × H with
 *       {@link TopDownGeometry#affine}, visible joints mapped by the same matrix;
 *   <li>{@code ToTensor} and ImageNet {@code NormalizeTensor};
 *   <li>{@code TopDownGenerateTarget(sigma=2)} ({@link HeatmapTarget}).
 * </ol>
 * The centre jitter of {@code _xywh2cs} is not here: the release draws it once when the data set
 * loads ({@link PersonInstances#fromGroundTruthJittered}).
 */
public final class TopDownTrainTransform {

  /**
   * The pipeline's settings.
   *
   * @param width input width (288)
   * @param height input height (384)
   * @param flipProbability flip_prob (0.5)
   * @param halfBodyJoints num_joints_half_body: more visible joints than this allow it (8)
   * @param halfBodyProbability prob_half_body (0.3)
   * @param scaleFactor scale_factor (0.5)
   * @param rotationFactor rot_factor in degrees (40)
   * @param rotationProbability rot_prob (0.6)
   */
  public record Config(int width, int height, double flipProbability, int halfBodyJoints, double halfBodyProbability,
      double scaleFactor, double rotationFactor, double rotationProbability) {

    public Config {
      if (width < 1 || height < 1) {
        throw new IllegalArgumentException("input size must be positive, got " + width + "×" + height);
      }
      for (double p : new double[] {flipProbability, halfBodyProbability, rotationProbability}) {
        if (!(p >= 0 && p <= 1)) {
          throw new IllegalArgumentException("probabilities must be in [0, 1], got " + p);
        }
      }
      if (!(scaleFactor >= 0 && scaleFactor < 1) || !(rotationFactor >= 0)) {
        throw new IllegalArgumentException("scale factor must be in [0, 1) and rotation factor non-negative");
      }
    }

    /** The release's values at 288×384. */
    public static Config release() {
      return new Config(288, 384, 0.5, 8, 0.3, 0.5, 40, 0.6);
    }

    /** Input width / height. */
    public double aspectRatio() {
      return (double) width / height;
    }
  }

  private final Config config;
  private final ImageNormalization norm;
  private final HeatmapTarget target;

  public TopDownTrainTransform(Config config, ImageNormalization norm, HeatmapTarget target) {
    this.config = config;
    this.norm = norm;
    this.target = target;
  }

  /** The release's pipeline: 288×384, ImageNet normalisation, 72×96 heatmaps with σ = 2. */
  public static TopDownTrainTransform release() {
    return new TopDownTrainTransform(Config.release(), ImageNormalization.imagenet(), HeatmapTarget.release());
  }

  /** Applies the pipeline to {@code person} on its decoded (RGB) {@code image}. */
  public TopDownSample apply(BufferedImage image, PersonInstance person, RandomGenerator rng) {
    int w = image.getWidth();
    int h = image.getHeight();
    int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
    float[] joints = person.joints();
    float[] visible = person.visible();
    CenterScale box = person.box();
    boolean flipped = false;
    if (rng.nextDouble() <= config.flipProbability()) {
      TopDownAugment.Flipped f = TopDownAugment.flip(rgb, w, h, joints, visible, box.cx());
      rgb = f.rgb();
      joints = f.joints();
      visible = f.visible();
      box = new CenterScale(f.cx(), box.cy(), box.sx(), box.sy());
      flipped = true;
    }
    float visibleSum = 0;
    for (float v : visible) {
      visibleSum += v;
    }
    if (visibleSum > config.halfBodyJoints() && rng.nextDouble() < config.halfBodyProbability()) {
      CenterScale half = TopDownAugment.halfBody(joints, visible, config.aspectRatio(), rng);
      if (half != null) {
        box = half;
      }
    }
    TopDownAugment.ScaleRotation sr = TopDownAugment.scaleRotation(box.sx(), box.sy(), config.scaleFactor(),
        config.rotationFactor(), config.rotationProbability(), rng);
    box = new CenterScale(box.cx(), box.cy(), sr.sx(), sr.sy());
    AffineMatrix m = TopDownGeometry.affine(box, sr.rotation(), config.width(), config.height(), false);
    int[] crop = AffineWarp.warp(rgb, w, h, m, config.width(), config.height());
    for (int k = 0; k < visible.length; k++) {
      if (visible[k] > 0) {
        TopDownGeometry.transformJoint(m, joints, k);
      }
    }
    HeatmapTarget.Target t = target.generate(joints, visible);
    return new TopDownSample(TopDownTestTransform.normalise(crop, config.width(), config.height(), norm), t.heatmaps(),
        t.weights(), joints, visible, box, sr.rotation(), flipped);
  }
}
