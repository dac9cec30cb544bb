package io.solider.nn.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How every output file is written. A regular (or missing) target is written to a temporary file
 * next to it and renamed into place once complete, so a crash, a kill or a full disk never leaves a
 * truncated checkpoint, array or JSON file where a good one was. Nothing else is ever replaced by a
 * rename:
 * <ul>
 *   <li>a character device or a FIFO ({@code /dev/null}, {@code /dev/stdout} on a terminal or a
 *       pipe, a named pipe), and any existing file under {@code /dev} or {@code /proc}
 *       ({@code /dev/stdout} redirected to a file) is written through, like a shell redirection;
 *   <li>a directory, a block device, a socket or anything else is refused with an
 *       {@link OutputPathException} before any work.
 * </ul>
 * A symbolic link to a regular file is kept: its target is replaced. Files are created with the
 * process's umask (never narrower permissions). Temporary files are named
 * {@code .<name>.<pid>.<hex>.tmp}; {@link #removeOrphans(Path)} deletes those whose writing process
 * has died (kill -9, power loss).
 */
public final class AtomicFiles {

  private static final Logger log = LoggerFactory.getLogger(AtomicFiles.class);

  /** {@code .<name>.<pid>.<hex>.tmp}: what {@link #tempSibling} creates. */
  private static final Pattern TEMP = Pattern.compile("\\..+\\.(\\d{1,19})\\.[0-9a-f]{1,16}\\.tmp");
  /** Names earlier versions used: {@code .<name>.<hex>.tmp} and {@code .<name>.pth<digits>.tmp}. */
  private static final Pattern LEGACY_TEMP = Pattern.compile("\\..+\\.[0-9a-f]{1,16}\\.tmp|\\..+\\.pth\\d+\\.tmp");
  /** Room left for the temp-name decoration within a 255-byte file name. */
  private static final int MAX_NAME_CHARS = 180;

  private AtomicFiles() {}

  /** Writes an output's bytes. */
  @FunctionalInterface
  public interface Body {
    void write(OutputStream out) throws IOException;
  }

  /**
   * Writes {@code target} with {@code body}: atomically (temp file, fsync, rename) for a regular or
   * missing file, straight through for a device or pipe.
   *
   * @throws OutputPathException if the target is a directory, block device, socket or other
   */
  public static void write(Path target, Body body) throws IOException {
    if (writesThrough(target)) {
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(target, StandardOpenOption.WRITE))) {
        body.write(out);
      }
      return;
    }
    Path tmp = tempSibling(target);
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch));
        body.write(out);
        out.flush();
        ch.force(true);
      }
      moveIntoPlace(tmp, target);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Fails with one line unless {@code target} can take an output file: missing, a regular file, a
   * character device or a FIFO (following symbolic links). Cheap: commands call it on their output
   * options before any slow work.
   */
  public static FileKind checkOutputFile(Path target) throws IOException {
    FileKind kind = FileKind.of(target);
    switch (kind) {
      case MISSING, REGULAR, CHARACTER_DEVICE, FIFO -> {
        return kind;
      }
      default -> throw new OutputPathException(target, "is " + kind.description()
          + "; an output file must be a regular file, a character device (such as /dev/null) or a named pipe");
    }
  }

  /**
   * True when {@code target} is written through rather than replaced: a character device, a FIFO,
   * or an existing file reached under {@code /dev} or {@code /proc} ({@code /dev/stdout}).
   */
  public static boolean writesThrough(Path target) throws IOException {
    FileKind kind = checkOutputFile(target);
    if (kind.isStream()) {
      return true;
    }
    Path abs = target.toAbsolutePath().normalize();
    return kind == FileKind.REGULAR && (abs.startsWith("/dev/") || abs.startsWith("/proc/"));
  }

  /**
   * A new empty temporary file for {@code target}: next to the file a rename will replace (same
   * folder, so the rename is atomic), or in the system's temporary folder for a target that is
   * written through. Created with the process's umask.
   *
   * @throws OutputPathException if the target is a directory, block device, socket or other
   */
  public static Path tempSibling(Path target) throws IOException {
    boolean through = writesThrough(target);
    Path dir = through ? Path.of(System.getProperty("java.io.tmpdir")) : FileKind.resolveLinks(target).getParent();
    Files.createDirectories(dir);
    String name = String.valueOf(target.getFileName());
    if (name.length() > MAX_NAME_CHARS) {
      name = name.substring(0, MAX_NAME_CHARS);
    }
    long pid = ProcessHandle.current().pid();
    for (int attempt = 0; ; attempt++) {
      Path tmp = dir.resolve("." + name + "." + pid + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
          + ".tmp");
      try {
        return Files.createFile(tmp);
      } catch (FileAlreadyExistsException e) {
        if (attempt > 10) {
          throw e;
        }
      }
    }
  }

  /**
   * Puts a finished temp file in place of {@code target}: renamed over a regular or missing file
   * (atomically where the file system can), copied into a device or pipe and deleted. A target that
   * has become a directory or anything else meanwhile is refused and the temp file deleted.
   */
  public static void moveIntoPlace(Path tmp, Path target) throws IOException {
    boolean through;
    try {
      through = writesThrough(target);
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    if (through) {
      try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.WRITE)) {
        Files.copy(tmp, out);
      } finally {
        Files.deleteIfExists(tmp);
      }
      return;
    }
    Path real = FileKind.resolveLinks(target);
    try {
      Files.move(tmp, real, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, real, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Whether {@code file} is a temporary file of this class (or of an earlier version) whose writer is
   * gone: its process id is not alive, or its name carries none (earlier versions).
   */
  public static boolean isOrphan(Path file) {
    String name = String.valueOf(file.getFileName());
    Matcher m = TEMP.matcher(name);
    if (m.matches()) {
      Optional<ProcessHandle> writer;
      try {
        writer = ProcessHandle.of(Long.parseLong(m.group(1)));
      } catch (NumberFormatException e) {
        return true;
      }
      return writer.map(p -> !p.isAlive()).orElse(true);
    }
    return LEGACY_TEMP.matcher(name).matches();
  }

  /**
   * Deletes the orphaned temporary files directly in {@code dir} (left by a killed write); returns
   * how many. Files of live writers are left alone.
   */
  public static int removeOrphans(Path dir) throws IOException {
    int removed = 0;
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, ".*.tmp")) {
      for (Path f : files) {
        if (Files.isRegularFile(f) && isOrphan(f)) {
          Files.deleteIfExists(f);
          log.info("removed {} (left by an interrupted write)", f);
          removed++;
        }
      }
    }
    return removed;
  }
}
