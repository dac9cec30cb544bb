package io.solider.tasks.reid.data;

import io.solider.nn.image.ImageNormalization;
import io.solider.nn.image.PilBicubic;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * The release's re-id training transform (TransReID / SOLIDER-REID {@code make_dataloader}):
 * <ol>
 *   <li>{@code Resize((H, W), interpolation=3)}: Pillow bicubic ({@link PilBicubic});
 *   <li>{@code RandomHorizontalFlip(p)};
 *   <li>{@code Pad(padding)} with 0 (black) and {@code RandomCrop((H, W))}: the crop's top-left
 *       corner is uniform in [0, 2·padding]²;
 *   <li>{@code ToTensor} and {@code Normalize(mean 0.5, std 0.5)};
 *   <li>timm's {@code RandomErasing(probability, mode='pixel', max_count=1)}: with probability p,
 *       up to 10 attempts to place a rectangle of area uniform in [0.02, 1/3]·H·W and aspect ratio
 *       log-uniform in [0.3, 1/0.3] (h = round(√(area·r)), w = round(√(area/r)), accepted if
 *       h &lt; H and w &lt; W), filled with independent N(0, 1) values per pixel and channel (in
 *       normalised units).
 * </ol>
 * Pixels stay 8-bit until normalisation, as with PIL images. Every draw comes from the caller's
 * generator, so an image's augmentation is reproducible from its seed.
 */
public final class ReidAugmentation {

  private static final double MIN_AREA = 0.02;
  private static final double MAX_AREA = 1.0 / 3;
  private static final double MIN_ASPECT = 0.3;
  private static final int ERASE_ATTEMPTS = 10;

  private final int height;
  private final int width;
  private final double flipProbability;
  private final int padding;
  private final double erasingProbability;
  private final ImageNormalization norm;

  public ReidAugmentation(int height, int width, double flipProbability, int padding, double erasingProbability,
      ImageNormalization norm) {
    if (height < 1 || width < 1 || padding < 0) {
      throw new IllegalArgumentException("bad augmentation size " + height + "×" + width + " padding " + padding);
    }
    if (!(flipProbability >= 0 && flipProbability <= 1 && erasingProbability >= 0 && erasingProbability <= 1)) {
      throw new IllegalArgumentException("probabilities must be in [0, 1]");
    }
    this.height = height;
    this.width = width;
    this.flipProbability = flipProbability;
    this.padding = padding;
    this.erasingProbability = erasingProbability;
    this.norm = norm;
  }

  public int height() {
    return height;
  }

  public int width() {
    return width;
  }

  /** The augmented image as C×H×W normalised floats. */
  public float[] apply(BufferedImage image, SplittableRandom rng) {
    BufferedImage resized = PilBicubic.resize(image, height, width);
    int[] px = resized.getRGB(0, 0, width, height, null, 0, width);
    if (rng.nextDouble() < flipProbability) {
      for (int y = 0; y < height; y++) {
        for (int a = y * width, b = a + width - 1; a < b; a++, b--) {
          int t = px[a];
          px[a] = px[b];
          px[b] = t;
        }
      }
    }
    int top = rng.nextInt(2 * padding + 1) - padding;
    int left = rng.nextInt(2 * padding + 1) - padding;
    int plane = height * width;
    float[] out = new float[3 * plane];
    float[] zero = {norm.apply(0, 0), norm.apply(1, 0), norm.apply(2, 0)};
    for (int y = 0; y < height; y++) {
      int sy = y + top;
      for (int x = 0; x < width; x++) {
        int sx = x + left;
        int i = y * width + x;
        if (sy < 0 || sy >= height || sx < 0 || sx >= width) {
          out[i] = zero[0];
          out[plane + i] = zero[1];
          out[2 * plane + i] = zero[2];
        } else {
          int p = px[sy * width + sx];
          out[i] = norm.apply(0, (p >> 16) & 0xff);
          out[plane + i] = norm.apply(1, (p >> 8) & 0xff);
          out[2 * plane + i] = norm.apply(2, p & 0xff);
        }
      }
    }
    erase(out, rng);
    return out;
  }

  private void erase(float[] img, SplittableRandom rng) {
    if (rng.nextDouble() > erasingProbability) {
      return;
    }
    double area = (double) height * width;
    double logMin = Math.log(MIN_ASPECT);
    double logMax = Math.log(1 / MIN_ASPECT);
    for (int attempt = 0; attempt < ERASE_ATTEMPTS; attempt++) {
      double target = (MIN_AREA + (MAX_AREA - MIN_AREA) * rng.nextDouble()) * area;
      double aspect = Math.exp(logMin + (logMax - logMin) * rng.nextDouble());
      int h = (int) Math.rint(Math.sqrt(target * aspect));
      int w = (int) Math.rint(Math.sqrt(target / aspect));
      if (w < width && h < height) {
        int top = rng.nextInt(height - h + 1);
        int left = rng.nextInt(width - w + 1);
        int plane = height * width;
        for (int c = 0; c < 3; c++) {
          for (int y = top; y < top + h; y++) {
            for (int x = left; x < left + w; x++) {
              img[c * plane + y * width + x] = (float) rng.nextGaussian();
            }
          }
        }
        return;
      }
    }
  }
}
