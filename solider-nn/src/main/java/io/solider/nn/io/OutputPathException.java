package io.solider.nn.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An output path cannot be written as asked: it is a directory, a block device, a socket or
 * something else that is neither a regular file nor a stream (character device, FIFO), or a
 * folder is expected where a file is. The message is one line that names the path.
 */
public final class OutputPathException extends IOException {

  private static final long serialVersionUID = 1L;

  private final Path path;

  public OutputPathException(Path path, String reason) {
    super(path + ": " + reason);
    this.path = path;
  }

  /** The path that was refused. */
  public Path path() {
    return path;
  }
}
