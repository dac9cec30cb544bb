package io.solider.nn.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Outputs replace only regular files: devices and FIFOs are written through (and stay what they
 * are), directories and the rest are refused; files get the umask's permissions; orphans of dead
 * writers are removed, those of live writers kept. Device nodes are made with mknod in the test's
 * own folder (root only), never in the system's /dev.
 */
class AtomicFilesTest {

  @TempDir Path dir;

  @Test
  void aRegularFileIsReplacedWholeAndALinkKeepsPointingAtIt() throws Exception {
    Path target = Files.writeString(dir.resolve("m.json"), "old");
    Path link = Files.createSymbolicLink(dir.resolve("link.json"), target.getFileName());
    JsonFile.write(java.util.Map.of("a", 1), link);
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(Files.readString(target)).contains("\"a\" : 1");
    assertThat(leftovers()).isZero();
  }

  @Test
  void aFifoIsWrittenThroughAndStaysAFifo() throws Exception {
    Path fifo = mkfifo("out.npy");
    CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> readAll(fifo));
    Npy.write(Nd4j.createFromArray(1f, 2f, 3f), fifo);
    byte[] got = read.get(30, TimeUnit.SECONDS);
    assertThat(FileKind.of(fifo)).isEqualTo(FileKind.FIFO);
    assertThat(Npy.read(java.nio.ByteBuffer.wrap(got), "fifo").toFloatVector()).containsExactly(1f, 2f, 3f);
  }

  @Test
  void theTempAndRenamePairAlsoWritesThroughAFifo() throws Exception {
    Path fifo = mkfifo("pooled.npy");
    CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> readAll(fifo));
    try (NpyStreamWriter w = new NpyStreamWriter(fifo, 2)) {
      w.append(Nd4j.createFromArray(new float[][] {{1, 2}, {3, 4}}));
    }
    byte[] got = read.get(30, TimeUnit.SECONDS);
    assertThat(FileKind.of(fifo)).isEqualTo(FileKind.FIFO);
    assertThat(Npy.read(java.nio.ByteBuffer.wrap(got), "fifo").shape()).containsExactly(2, 2);
    assertThat(leftovers()).isZero();
  }

  @Test
  void aCharacterDeviceIsWrittenThroughAndStaysADevice() throws Exception {
    Path nul = mknod("null", 'c', 1, 3);
    JsonFile.write(java.util.Map.of("mAP", 0.5), nul);
    Path tmp = AtomicFiles.tempSibling(nul);
    Files.writeString(tmp, "x");
    AtomicFiles.moveIntoPlace(tmp, nul);
    assertThat(FileKind.of(nul)).isEqualTo(FileKind.CHARACTER_DEVICE);
    assertThat(tmp).doesNotExist();
    Path full = mknod("full", 'c', 1, 7);
    assertThatThrownBy(() -> JsonFile.write(java.util.Map.of("mAP", 0.5), full)).isInstanceOf(IOException.class)
        .hasMessageContaining("No space left on device");
    assertThat(FileKind.of(full)).isEqualTo(FileKind.CHARACTER_DEVICE);
  }

  @Test
  void directoriesBlockDevicesAndSocketsAreRefusedWithOneLine() throws Exception {
    Path folder = Files.createDirectory(dir.resolve("metrics.json"));
    assertThatThrownBy(() -> JsonFile.write(1, folder)).isInstanceOf(OutputPathException.class)
        .hasMessage(folder + ": is a directory; an output file must be a regular file, a character device "
            + "(such as /dev/null) or a named pipe");
    assertThatThrownBy(() -> AtomicFiles.tempSibling(folder)).isInstanceOf(OutputPathException.class);
    Path tmp = Files.createFile(dir.resolve(".x.tmp"));
    assertThatThrownBy(() -> AtomicFiles.moveIntoPlace(tmp, folder)).isInstanceOf(OutputPathException.class);
    assertThat(tmp).doesNotExist();
    assertThat(folder).isDirectory();
    Path block = mknod("sda", 'b', 7, 0);
    assertThatThrownBy(() -> Npy.write(Nd4j.ones(2), block)).isInstanceOf(OutputPathException.class)
        .hasMessageContaining("is a block device");
    assertThat(FileKind.of(block)).isEqualTo(FileKind.BLOCK_DEVICE);
  }

  @Test
  void outputFoldersMustBeFolders() throws Exception {
    Path file = Files.writeString(dir.resolve("runs"), "a file");
    assertThatThrownBy(() -> OutputFolders.prepare(file)).isInstanceOf(OutputPathException.class)
        .hasMessage(file + ": is a regular file, not a folder; give a folder for the outputs");
    assertThatThrownBy(() -> OutputFolders.check(file.resolve("sub/deeper")))
        .isInstanceOf(OutputPathException.class).hasMessageEndingWith("cannot be created: " + file + " is a regular file");
    assertThat(OutputFolders.prepare(dir.resolve("a/b"))).isDirectory();
  }

  @Test
  void filesGetTheUmaskPermissionsNotJustTheOwners() throws Exception {
    Path reference = Files.createFile(dir.resolve("reference"));
    Path json = dir.resolve("m.json");
    JsonFile.write(1, json);
    Path ckpt = dir.resolve("c.pth");
    io.solider.nn.checkpoint.TorchCheckpointWriter.write(java.util.Map.of("w", Nd4j.ones(2)), ckpt);
    for (Path p : new Path[] {json, ckpt}) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).as(p.toString())
          .isEqualTo(PosixFilePermissions.toString(Files.getPosixFilePermissions(reference)));
    }
  }

  @Test
  void orphansOfDeadWritersAreRemovedThoseOfLiveOnesKept() throws Exception {
    long dead = deadPid();
    Path orphan = Files.writeString(dir.resolve(".checkpoint.pth." + dead + ".1f2e.tmp"), "half");
    Path legacy = Files.writeString(dir.resolve(".checkpoint.pth.a1b2c3.tmp"), "half");
    Path legacyTorch = Files.writeString(dir.resolve(".model.pth8172635.tmp"), "half");
    Path live = AtomicFiles.tempSibling(dir.resolve("metrics.json"));
    Path notOurs = Files.writeString(dir.resolve(".hidden.tmp"), "user file");
    assertThat(AtomicFiles.removeOrphans(dir)).isEqualTo(3);
    assertThat(orphan).doesNotExist();
    assertThat(legacy).doesNotExist();
    assertThat(legacyTorch).doesNotExist();
    assertThat(live).exists();
    assertThat(notOurs).exists();
  }

  /** A process id that was just used and is gone. */
  static long deadPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    return p.pid();
  }

  private long leftovers() throws IOException {
    try (var s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".tmp")).count();
    }
  }

  private Path mkfifo(String name) throws Exception {
    Path p = dir.resolve(name);
    int rc = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start().waitFor();
    assumeTrue(rc == 0, "mkfifo is not available");
    return p;
  }

  /** A device node in the test's folder; skipped unless running as root. */
  private Path mknod(String name, char type, int major, int minor) throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "mknod needs root");
    Path p = dir.resolve(name);
    int rc = new ProcessBuilder("mknod", p.toString(), String.valueOf(type), String.valueOf(major),
        String.valueOf(minor)).inheritIO().start().waitFor();
    assumeTrue(rc == 0, "mknod failed");
    return p;
  }

  private static byte[] readAll(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
