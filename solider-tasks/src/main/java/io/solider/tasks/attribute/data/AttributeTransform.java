package io.solider.tasks.attribute.data;

import io.solider.nn.image.ImageNormalization;
import io.solider.nn.image.Images;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * The release's attribute transforms (dataset/augmentation.py, {@code get_transform} for
 * pedestrian data sets):
 * <ul>
 *   <li>train: {@code Resize((H, W))} (Pillow bilinear, {@link Images#resize}) → {@code Pad(10)}
 *       with black → {@code RandomCrop((H, W))}: top and left uniform in [0, 2·pad] →
 *       {@code RandomHorizontalFlip(0.5)} → {@code ToTensor} → {@code Normalize} (ImageNet);
 *   <li>test: {@code Resize((H, W))} → {@code ToTensor} → {@code Normalize}.
 * </ul>
 * Pixels stay 8-bit until normalisation, as with PIL images, so the geometry equals torchvision's
 * pixel for pixel for the same draws. The draws ({@link Draw}) come from the caller's generator:
 * crop top, then crop left, then the flip, in torchvision's order.
 *
 * @param height H
 * @param width W
 * @param padding the Pad / RandomCrop margin (the release: 10)
 * @param flipProbability probability of the horizontal flip (the release: 0.5)
 * @param normalization per-channel statistics (the release: ImageNet)
 */
public record AttributeTransform(int height, int width, int padding, double flipProbability,
    ImageNormalization normalization) {

  public AttributeTransform {
    if (height < 1 || width < 1 || padding < 0) {
      throw new IllegalArgumentException("bad transform size " + height + "x" + width + " padding " + padding);
    }
    if (!(flipProbability >= 0 && flipProbability <= 1)) {
      throw new IllegalArgumentException("flip probability must be in [0, 1], got " + flipProbability);
    }
  }

  /** The release's PA-100K transform: 256×128, pad 10, flip 0.5, ImageNet statistics. */
  public static AttributeTransform release() {
    return of(256, 128);
  }

  /** The release's transform at another input size (PETA / RAP zero-shot: 256×192). */
  public static AttributeTransform of(int height, int width) {
    return new AttributeTransform(height, width, 10, 0.5, ImageNormalization.imagenet());
  }

  /**
   * The random choices of one training transform.
   *
   * @param top crop row in the padded image, 0..2·pad (pad: unshifted)
   * @param left crop column in the padded image, 0..2·pad
   * @param flip mirror left-right after cropping
   */
  public record Draw(int top, int left, boolean flip) {}

  /** Draws as torchvision: top, then left (uniform integers in [0, 2·pad]), then flip with its probability. */
  public Draw draw(SplittableRandom rng) {
    int top = rng.nextInt(2 * padding + 1);
    int left = rng.nextInt(2 * padding + 1);
    return new Draw(top, left, rng.nextDouble() < flipProbability);
  }

  /** The training image as C×H×W normalised floats, with fresh draws from {@code rng}. */
  public float[] train(BufferedImage image, SplittableRandom rng) {
    return tensor(trainImage(image, draw(rng)));
  }

  /** The test image as C×H×W normalised floats. */
  public float[] test(BufferedImage image) {
    return tensor(testImage(image));
  }

  /** The training image before ToTensor (8-bit RGB, H×W) for the given draws. */
  public BufferedImage trainImage(BufferedImage image, Draw d) {
    if (d.top() < 0 || d.top() > 2 * padding || d.left() < 0 || d.left() > 2 * padding) {
      throw new IllegalArgumentException("crop offset " + d + " outside [0, " + 2 * padding + "]");
    }
    int[] px = testImage(image).getRGB(0, 0, width, height, null, 0, width);
    int[] out = new int[height * width];
    for (int y = 0; y < height; y++) {
      int sy = y + d.top() - padding;
      for (int x = 0; x < width; x++) {
        int sx = x + d.left() - padding;
        int ox = d.flip() ? width - 1 - x : x;
        out[y * width + ox] = sy < 0 || sy >= height || sx < 0 || sx >= width ? 0 : px[sy * width + sx];
      }
    }
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    img.setRGB(0, 0, width, height, out, 0, width);
    return img;
  }

  /** The test image before ToTensor: the resized image. */
  public BufferedImage testImage(BufferedImage image) {
    return Images.resize(Images.toRgb(image), height, width);
  }

  /** {@code ToTensor} then {@code Normalize}: C×H×W floats of an H×W image. */
  public float[] tensor(BufferedImage image) {
    if (image.getHeight() != height || image.getWidth() != width) {
      throw new IllegalArgumentException("expected an image of " + height + "x" + width + ", got " + image.getHeight()
          + "x" + image.getWidth());
    }
    float[] out = new float[3 * height * width];
    Images.toChw(image, normalization, out, 0);
    return out;
  }
}
