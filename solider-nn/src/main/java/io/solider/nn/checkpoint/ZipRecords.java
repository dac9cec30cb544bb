package io.solider.nn.checkpoint;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * An open zip archive whose entries can be handed out as {@link TensorStorage}s: STORED entries
 * (what torch and {@code numpy.savez} write) as byte ranges of the file, read or mapped on
 * demand; compressed ones inflated into memory.
 */
final class ZipRecords implements Closeable {

  private static final int LOCAL_HEADER_SIG = 0x04034b50;

  private final Path file;
  private final ZipFile zip;
  private final FileChannel channel;

  private ZipRecords(Path file, ZipFile zip, FileChannel channel) {
    this.file = file;
    this.zip = zip;
    this.channel = channel;
  }

  static ZipRecords open(Path file) throws IOException {
    ZipFile zip;
    try {
      zip = ZipFile.builder().setPath(file).get();
    } catch (IOException e) {
      throw CheckpointException.of(file, "corrupt or truncated zip archive (" + e.getMessage() + ")", e);
    }
    try {
      return new ZipRecords(file, zip, FileChannel.open(file, StandardOpenOption.READ));
    } catch (IOException e) {
      zip.close();
      throw e;
    }
  }

  Path file() {
    return file;
  }

  /** Entry names in central-directory order. */
  List<String> names() {
    List<String> names = new ArrayList<>();
    for (ZipArchiveEntry e : Collections.list(zip.getEntries())) {
      names.add(e.getName());
    }
    return names;
  }

  ZipArchiveEntry entry(String name) {
    return zip.getEntry(name);
  }

  /** The whole entry in memory (for small entries: pickles, version records). */
  byte[] readAll(ZipArchiveEntry e) throws IOException {
    try (InputStream in = zip.getInputStream(e)) {
      return in.readAllBytes();
    } catch (IOException ex) {
      throw CheckpointException.of(file, "cannot read zip entry '" + e.getName() + "' (" + ex.getMessage() + ")", ex);
    }
  }

  /** The entry as a storage; STORED entries are not read until a tensor needs them. */
  TensorStorage storage(ZipArchiveEntry e) throws IOException {
    if (e.getMethod() == ZipArchiveEntry.STORED) {
      return new FileRegionStorage(file, channel, dataOffset(e), e.getSize(), e.getName());
    }
    return new HeapStorage(ByteBuffer.wrap(readAll(e)), e.getName());
  }

  /** Where a STORED entry's bytes start, from its local header (whose extra field may differ from the central one). */
  long dataOffset(ZipArchiveEntry e) throws IOException {
    ByteBuffer h = ByteBuffer.allocate(30).order(ByteOrder.LITTLE_ENDIAN);
    long at = e.getLocalHeaderOffset();
    while (h.hasRemaining()) {
      if (channel.read(h, at + h.position()) < 0) {
        throw CheckpointException.of(file, "corrupt or truncated zip archive (local header of '" + e.getName() + "' cut off)");
      }
    }
    h.flip();
    if (h.getInt(0) != LOCAL_HEADER_SIG) {
      throw CheckpointException.of(file, "corrupt zip archive (bad local header for '" + e.getName() + "')");
    }
    int nameLen = h.getShort(26) & 0xffff;
    int extraLen = h.getShort(28) & 0xffff;
    long start = at + 30 + nameLen + extraLen;
    if (start + e.getSize() > channel.size()) {
      throw CheckpointException.of(file, "corrupt or truncated zip archive (entry '" + e.getName() + "' runs past the end of the file)");
    }
    return start;
  }

  @Override
  public void close() throws IOException {
    try {
      channel.close();
    } finally {
      zip.close();
    }
  }
}
