package io.solider.nn.checkpoint;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A checkpoint could not be read or written. The message is a single line that names the file,
 * so that a command-line tool can print it as is.
 */
public class CheckpointException extends IOException {

  private static final long serialVersionUID = 1L;

  /** Creates an exception with a complete one-line message. */
  public CheckpointException(String message) {
    super(message);
  }

  /** Creates an exception with a complete one-line message and its cause. */
  public CheckpointException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Creates an exception whose message is {@code "<file>: <problem>"}. */
  public static CheckpointException of(Path file, String problem) {
    return new CheckpointException(file + ": " + problem);
  }

  /** As {@link #of(Path, String)}, keeping the cause. */
  public static CheckpointException of(Path file, String problem, Throwable cause) {
    return new CheckpointException(file + ": " + problem, cause);
  }
}
