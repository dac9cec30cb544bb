package io.solider.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** An image size given as {@code HxW} on the command line, e.g. {@code 256x128}. */
record ImageSize(int height, int width) {

  /** picocli converter for {@code HxW}. */
  static final class Converter implements ITypeConverter<ImageSize> {
    @Override
    public ImageSize convert(String value) {
      String[] p = value.toLowerCase(java.util.Locale.ROOT).split("x");
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
      throw new TypeConversionException("'" + value + "' is not a size HxW with positive numbers, e.g. 256x128");
    }
  }
}
