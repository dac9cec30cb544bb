package io.solider.tasks.common;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A data set on disk does not have the layout its reader expects. The message names the file and,
 * where it applies, the line or field: {@code list_train.txt:12: expected "path pid"}.
 */
public final class DatasetFormatException extends IOException {

  public DatasetFormatException(Path file, String reason) {
    super(file + ": " + reason);
  }

  public DatasetFormatException(Path file, int line, String reason) {
    super(file + ":" + line + ": " + reason);
  }

  public DatasetFormatException(Path file, String reason, Throwable cause) {
    super(file + ": " + reason, cause);
  }

  /** Throws unless {@code dir} is a directory. */
  public static Path requireDirectory(Path dir, String what) throws DatasetFormatException {
    if (!java.nio.file.Files.isDirectory(dir)) {
      throw new DatasetFormatException(dir, "missing folder (" + what + ")");
    }
    return dir;
  }

  /** Throws unless {@code file} is a regular file. */
  public static Path requireFile(Path file, String what) throws DatasetFormatException {
    if (!java.nio.file.Files.isRegularFile(file)) {
      throw new DatasetFormatException(file, "missing file (" + what + ")");
    }
    return file;
  }
}
