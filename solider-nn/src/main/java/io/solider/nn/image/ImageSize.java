package io.solider.nn.image;

import java.util.Locale;

/** An input size in pixels, height × width (written {@code HxW}, e.g. {@code 384x128}). */
public record ImageSize(int height, int width) {

  public ImageSize {
    if (height < 1 || width < 1) {
      throw new IllegalArgumentException("image size must be positive, got " + height + "x" + width);
    }
  }

  /** Parses {@code HxW}. */
  public static ImageSize parse(String text) {
    String[] p = text.toLowerCase(Locale.ROOT).split("x");
    try {
      if (p.length == 2) {
        int h = Integer.parseInt(p[0].trim());
        int w = Integer.parseInt(p[1].trim());
        if (h > 0 && w > 0) {
          return new ImageSize(h, w);
        }
      }
    } catch (NumberFormatException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException("'" + text + "' is not a size HxW with positive numbers, e.g. 256x128");
  }

  @Override
  public String toString() {
    return height + "x" + width;
  }
}
