package io.solider.nn.checkpoint;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A checkpoint could not be read or written. The message is a single line that names the file,
 * so that a command-line tool can print it as is.
 */
public class CheckpointException extends IOException {

  private static final long serialVersionUID = 1L;

  private final boolean readerFault;

  /** Creates an exception with a complete one-line message. */
  public CheckpointException(String message) {
    super(message);
    this.readerFault = false;
  }

  /** Creates an exception with a complete one-line message and its cause. */
  public CheckpointException(String message, Throwable cause) {
    this(message, cause, false);
  }

  private CheckpointException(String message, Throwable cause, boolean readerFault) {
    super(message, cause);
    this.readerFault = readerFault;
  }

  /** Creates an exception whose message is {@code "<file>: <problem>"}. */
  public static CheckpointException of(Path file, String problem) {
    return new CheckpointException(file + ": " + problem);
  }

  /**
   * The file is malformed in a way none of the reader's own checks anticipated (an internal
   * exception, kept as the cause, stopped it). The message says where, without Java text; such a
   * file is worth reporting, and the fuzz tests count these as failures.
   */
  static CheckpointException unexpected(Path file, String where, Throwable cause) {
    return new CheckpointException(file + ": " + where + ": unexpected content (the reader cannot interpret it)",
        cause, true);
  }

  /** True for {@link #unexpected} refusals: malformed input that the reader's checks did not name. */
  public boolean isReaderFault() {
    return readerFault;
  }

  /** As {@link #of(Path, String)}, keeping the cause. */
  public static CheckpointException of(Path file, String problem, Throwable cause) {
    return new CheckpointException(file + ": " + problem, cause);
  }
}
