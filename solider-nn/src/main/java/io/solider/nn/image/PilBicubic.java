package io.solider.nn.image;

import java.awt.image.BufferedImage;

/**
 * Bicubic resizing exactly as Pillow's {@code Image.resize(size, BICUBIC)} (Keys cubic, a = −0.5,
 * antialiased when shrinking, fixed-point, horizontal pass first), which torchvision's
 * {@code Resize(size, interpolation=3)} applies to PIL images, e.g. the re-id training transform of
 * TransReID / SOLIDER-REID. Same code path as {@link PilBilinear} with another filter.
 */
public final class PilBicubic {

  private PilBicubic() {}

  /** Resizes an RGB image to {@code width × height}. */
  public static BufferedImage resize(BufferedImage src, int height, int width) {
    if (src.getHeight() == height && src.getWidth() == width) {
      return src;
    }
    return PilBilinear.resize(Images.toRgb(src), height, width, PilBilinear.Filter.BICUBIC);
  }
}
