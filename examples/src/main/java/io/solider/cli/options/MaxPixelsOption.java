package io.solider.cli.options;

import io.solider.nn.image.Images;
import picocli.CommandLine.Option;

/**
 * {@code --max-pixels}: images whose header declares more pixels are not decoded (skipped where a
 * command skips undecodable images, refused where it needs the image).
 */
public final class MaxPixelsOption {

  @Option(names = "--max-pixels", paramLabel = "N",
      description = "Largest image (width × height, from its header) that is decoded; larger ones are treated as "
          + "undecodable (decompression bombs). Default: ${DEFAULT-VALUE}.")
  long maxPixels = Images.DEFAULT_MAX_PIXELS;

  public long value() {
    if (maxPixels < 1) {
      throw new IllegalArgumentException("--max-pixels must be >= 1, got " + maxPixels);
    }
    return maxPixels;
  }
}
