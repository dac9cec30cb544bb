package io.solider.cli.options;

import io.solider.nn.image.ImageSize;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The input size {@code --size HxW}; each command passes its task's default (the release's input size). */
public final class ImageSizeOption {

  @Option(names = "--size", paramLabel = "HxW", converter = Converter.class,
      description = "Input size, height x width. Default: ${DEFAULT-VALUE}.")
  ImageSize size;

  public ImageSizeOption(int height, int width) {
    this.size = new ImageSize(height, width);
  }

  public ImageSize size() {
    return size;
  }

  public int height() {
    return size.height();
  }

  public int width() {
    return size.width();
  }

  /** picocli converter for {@code HxW}. */
  public static final class Converter implements ITypeConverter<ImageSize> {
    @Override
    public ImageSize convert(String value) {
      try {
        return ImageSize.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
