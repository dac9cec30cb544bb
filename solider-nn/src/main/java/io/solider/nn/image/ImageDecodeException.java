package io.solider.nn.image;

import java.io.IOException;
import java.nio.file.Path;

/** An image file that exists but cannot be decoded (corrupt, truncated or an unknown format). */
public final class ImageDecodeException extends IOException {

  private final Path file;

  public ImageDecodeException(Path file, String reason) {
    super(file + ": cannot decode image: " + reason);
    this.file = file;
  }

  /** The file that failed. */
  public Path file() {
    return file;
  }
}
