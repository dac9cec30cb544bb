package io.solider.tasks.reid.index;

import java.io.IOException;
import java.nio.file.Path;

/** A re-id index is missing, unreadable, or was not written by {@link ReidIndexWriter}; one line naming the folder. */
public final class ReidIndexException extends IOException {

  public ReidIndexException(Path dir, String reason) {
    super(dir + ": " + reason);
  }

  public ReidIndexException(Path dir, String reason, Throwable cause) {
    super(dir + ": " + reason, cause);
  }
}
