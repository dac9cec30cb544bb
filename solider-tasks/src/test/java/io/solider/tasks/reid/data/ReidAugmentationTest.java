package io.solider.tasks.reid.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.solider.nn.image.ImageNormalization;
import io.solider.nn.image.PilBicubic;
import io.solider.tasks.reid.Reference;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReidAugmentationTest {

  private static BufferedImage image(int[] rgb, int h, int w) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = (y * w + x) * 3;
        img.setRGB(x, y, (rgb[i] << 16) | (rgb[i + 1] << 8) | rgb[i + 2]);
      }
    }
    return img;
  }

  private static BufferedImage random(int h, int w, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int[] rgb = new int[h * w * 3];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = r.nextInt(256);
    }
    return image(rgb, h, w);
  }

  @Test
  void bicubicResizeIsPillowsBicubicPixelForPixel() {
    JsonNode r = Reference.get("bicubic");
    BufferedImage src = image(Reference.ints(r.get("image")), 7, 5);
    assertPixels(PilBicubic.resize(src, 16, 11), Reference.ints(r.get("up_16x11")));
    assertPixels(PilBicubic.resize(src, 4, 3), Reference.ints(r.get("down_4x3")));
  }

  private static void assertPixels(BufferedImage img, int[] expected) {
    int w = img.getWidth();
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < w; x++) {
        int p = img.getRGB(x, y);
        int i = (y * w + x) * 3;
        assertThat(new int[] {(p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff}).as("pixel (%d, %d)", x, y)
            .containsExactly(expected[i], expected[i + 1], expected[i + 2]);
      }
    }
  }

  @Test
  void shapeAndDeterminismFromTheGenerator() {
    ReidAugmentation aug = new ReidAugmentation(64, 32, 0.5, 10, 0.5, ImageNormalization.half());
    BufferedImage img = random(40, 20, 1);
    float[] a = aug.apply(img, new SplittableRandom(3));
    float[] b = aug.apply(img, new SplittableRandom(3));
    assertThat(a).hasSize(3 * 64 * 32).containsExactly(b);
    boolean differs = false;
    for (long s = 4; s < 10 && !differs; s++) {
      differs = !java.util.Arrays.equals(a, aug.apply(img, new SplittableRandom(s)));
    }
    assertThat(differs).isTrue();
  }

  @Test
  void withoutRandomOpsItIsTheNormalisedBicubicResize() {
    ReidAugmentation aug = new ReidAugmentation(64, 32, 0, 0, 0, ImageNormalization.half());
    BufferedImage img = random(40, 20, 2);
    float[] out = aug.apply(img, new SplittableRandom(1));
    BufferedImage r = PilBicubic.resize(img, 64, 32);
    int p = r.getRGB(5, 7);
    assertThat(out[7 * 32 + 5]).isEqualTo((((p >> 16) & 0xff) / 255f - 0.5f) / 0.5f);
    assertThat(out[2 * 64 * 32 + 7 * 32 + 5]).isEqualTo(((p & 0xff) / 255f - 0.5f) / 0.5f);
  }

  @Test
  void flipMirrorsAndPaddingShowsBlackBorders() {
    BufferedImage img = random(64, 32, 3);
    ReidAugmentation flip = new ReidAugmentation(64, 32, 1, 0, 0, ImageNormalization.half());
    ReidAugmentation none = new ReidAugmentation(64, 32, 0, 0, 0, ImageNormalization.half());
    float[] f = flip.apply(img, new SplittableRandom(1));
    float[] n = none.apply(img, new SplittableRandom(1));
    for (int y = 0; y < 64; y += 9) {
      for (int x = 0; x < 32; x++) {
        assertThat(f[y * 32 + x]).isEqualTo(n[y * 32 + 31 - x]);
      }
    }
    // With padding 10 some crop shifts the image: black (−1 after normalisation) borders appear.
    ReidAugmentation pad = new ReidAugmentation(64, 32, 0, 10, 0, ImageNormalization.half());
    int withBorder = 0;
    for (long s = 0; s < 20; s++) {
      float[] p = pad.apply(img, new SplittableRandom(s));
      if (p[0] == -1f || p[63 * 32 + 31] == -1f) {
        withBorder++;
      }
    }
    assertThat(withBorder).isGreaterThan(5);
  }

  @Test
  void erasingFillsOneRectangleWithGaussianNoise() {
    BufferedImage flat = image(new int[64 * 32 * 3], 64, 32); // black: −1 everywhere after normalisation
    ReidAugmentation erase = new ReidAugmentation(64, 32, 0, 0, 1, ImageNormalization.half());
    for (long s = 0; s < 10; s++) {
      float[] out = erase.apply(flat, new SplittableRandom(s));
      int minX = 99;
      int maxX = -1;
      int minY = 99;
      int maxY = -1;
      int changed = 0;
      for (int y = 0; y < 64; y++) {
        for (int x = 0; x < 32; x++) {
          if (out[y * 32 + x] != -1f) {
            changed++;
            minX = Math.min(minX, x);
            maxX = Math.max(maxX, x);
            minY = Math.min(minY, y);
            maxY = Math.max(maxY, y);
          }
        }
      }
      if (changed == 0) {
        continue; // all 10 attempts failed: allowed, the release then leaves the image as is
      }
      int area = (maxX - minX + 1) * (maxY - minY + 1);
      assertThat(changed).isEqualTo(area); // one filled rectangle
      assertThat(area).isBetween((int) (0.02 * 64 * 32 * 0.5), (int) (64 * 32 / 3.0 * 1.5));
    }
  }
}
