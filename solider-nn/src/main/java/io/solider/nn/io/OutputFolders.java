package io.solider.nn.io;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Output folders (a run folder, an extraction's folder, an index folder): checked to be a folder
 * (or missing) before any work, created, and cleared of the temporary files a killed write left.
 */
public final class OutputFolders {

  private OutputFolders() {}

  /**
   * Fails with one line unless {@code dir} is a folder or missing (following symbolic links), or
   * could not be created because a parent is not a folder. Cheap: commands call it on their
   * output-folder options before any slow work.
   */
  public static void check(Path dir) throws IOException {
    FileKind kind = FileKind.of(dir);
    if (kind != FileKind.MISSING && kind != FileKind.DIRECTORY) {
      throw new OutputPathException(dir, "is " + kind.description() + ", not a folder; give a folder for the outputs");
    }
    for (Path p = dir.toAbsolutePath().getParent(); kind == FileKind.MISSING && p != null; p = p.getParent()) {
      FileKind parent = FileKind.of(p);
      if (parent == FileKind.DIRECTORY) {
        break;
      }
      if (parent != FileKind.MISSING) {
        throw new OutputPathException(dir, "cannot be created: " + p + " is " + parent.description());
      }
    }
  }

  /**
   * Checks {@code dir} ({@link #check}), creates it with its parents, and removes orphaned temporary
   * files of {@link AtomicFiles} in it.
   *
   * @return {@code dir}
   */
  public static Path prepare(Path dir) throws IOException {
    check(dir);
    try {
      Files.createDirectories(dir);
    } catch (FileSystemException e) {
      String reason = e.getReason() != null ? e.getReason()
          : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
          : e instanceof java.nio.file.FileAlreadyExistsException ? "a file of that name is in the way"
          : "file system error";
      throw new OutputPathException(dir, "cannot create the folder (" + reason + ")");
    }
    AtomicFiles.removeOrphans(dir);
    return dir;
  }
}
