package io.solider.nn.io;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * What a path is on disk, following symbolic links: the distinction an output writer needs,
 * because only a regular file (or a missing one) may be replaced by renaming a finished temporary
 * file over it, while a character device ({@code /dev/null}, {@code /dev/stdout} on a terminal)
 * or a FIFO is written through, and anything else is refused.
 */
public enum FileKind {
  MISSING("missing"),
  REGULAR("a regular file"),
  DIRECTORY("a directory"),
  CHARACTER_DEVICE("a character device"),
  BLOCK_DEVICE("a block device"),
  FIFO("a named pipe (FIFO)"),
  SOCKET("a socket"),
  OTHER("neither a file nor a directory");

  // st_mode file-type bits (POSIX)
  private static final int S_IFMT = 0170000;
  private static final int S_IFSOCK = 0140000;
  private static final int S_IFREG = 0100000;
  private static final int S_IFBLK = 0060000;
  private static final int S_IFDIR = 0040000;
  private static final int S_IFCHR = 0020000;
  private static final int S_IFIFO = 0010000;

  private final String description;

  FileKind(String description) {
    this.description = description;
  }

  /** "a directory", "a block device", …, for messages. */
  public String description() {
    return description;
  }

  /** True for kinds that are written through rather than replaced: character devices and FIFOs. */
  public boolean isStream() {
    return this == CHARACTER_DEVICE || this == FIFO;
  }

  /** The kind of {@code path}, following symbolic links (a dangling link is {@link #MISSING}). */
  public static FileKind of(Path path) throws IOException {
    try {
      Object mode = Files.getAttribute(path, "unix:mode");
      if (mode instanceof Integer m) {
        return ofMode(m);
      }
    } catch (NoSuchFileException e) {
      return MISSING;
    } catch (FileSystemException e) {
      if ("Not a directory".equals(e.getReason())) {
        return MISSING; // a parent is a file: nothing can be here
      }
      throw e;
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      // no unix attribute view (e.g. Windows): fall back to the portable attributes below
    }
    if (!Files.exists(path)) {
      return MISSING;
    }
    BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
    return a.isRegularFile() ? REGULAR : a.isDirectory() ? DIRECTORY : OTHER;
  }

  /** The kind a POSIX {@code st_mode} describes. */
  static FileKind ofMode(int mode) {
    return switch (mode & S_IFMT) {
      case S_IFREG -> REGULAR;
      case S_IFDIR -> DIRECTORY;
      case S_IFCHR -> CHARACTER_DEVICE;
      case S_IFBLK -> BLOCK_DEVICE;
      case S_IFIFO -> FIFO;
      case S_IFSOCK -> SOCKET;
      default -> OTHER;
    };
  }

  /**
   * The path a replacing write to {@code path} lands on: symbolic links resolved (also a dangling
   * one, whose target is then created), so that replacing the file keeps the link.
   */
  public static Path resolveLinks(Path path) throws IOException {
    Path p = path.toAbsolutePath();
    if (Files.exists(p)) {
      return p.toRealPath();
    }
    for (int hops = 0; Files.isSymbolicLink(p); hops++) {
      if (hops == 40) {
        throw new OutputPathException(path, "too many levels of symbolic links");
      }
      p = p.getParent().resolve(Files.readSymbolicLink(p)).normalize();
    }
    return p;
  }
}
