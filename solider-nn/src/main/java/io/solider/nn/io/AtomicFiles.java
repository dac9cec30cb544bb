package io.solider.nn.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Write-then-rename: a file appears under its name only once it is complete, so a crash or a
 * full disk never leaves a truncated checkpoint or array where a good one was.
 */
public final class AtomicFiles {

  private AtomicFiles() {}

  /**
   * A new empty file next to {@code target} (same folder, so the final rename is atomic), with
   * the default permissions of new files.
   */
  public static Path tempSibling(Path target) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    for (int attempt = 0; ; attempt++) {
      Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
      try {
        return Files.createFile(tmp);
      } catch (java.nio.file.FileAlreadyExistsException e) {
        if (attempt > 10) {
          throw e;
        }
      }
    }
  }

  /** Moves a finished temp file over {@code target}, atomically where the file system can. */
  public static void moveIntoPlace(Path tmp, Path target) throws IOException {
    try {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
