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
      // commons-compress's message repeats the path and Java wording; the cause keeps it.
      throw CheckpointException.of(file, "corrupt or truncated zip archive (its central directory cannot be read)", e);
    } catch (RuntimeException e) {
      throw CheckpointException.of(file, "corrupt zip archive (its directory does not parse)", e);
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

  /**
   * The whole entry in memory, at most {@code limit} bytes (pickles, version records, inflated
   * storages); an entry that inflates to more is refused rather than read.
   */
  byte[] readAll(ZipArchiveEntry e, long limit) throws IOException {
    long declared = e.getSize();
    if (declared > limit) {
      throw CheckpointException.of(file, "zip entry '" + shown(e) + "' holds " + declared
          + " bytes, more than the reader's limit of " + limit + " for it");
    }
    try (InputStream in = zip.getInputStream(e)) {
      if (in == null) {
        throw CheckpointException.of(file, "cannot read zip entry '" + shown(e) + "'");
      }
      byte[] b = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8L));
      if (b.length > limit) {
        throw CheckpointException.of(file, "zip entry '" + shown(e) + "' inflates to more than the reader's limit of "
            + limit + " bytes for it");
      }
      if (declared >= 0 && b.length != declared) {
        throw CheckpointException.of(file, "corrupt zip archive (entry '" + shown(e) + "' gives " + b.length
            + " bytes, its header says " + declared + ")");
      }
      return b;
    } catch (CheckpointException ex) {
      throw ex;
    } catch (IOException ex) {
      throw CheckpointException.of(file, "cannot read zip entry '" + shown(e) + "' (" + oneLine(ex.getMessage()) + ")",
          ex);
    } catch (RuntimeException ex) {
      throw CheckpointException.of(file, "cannot read zip entry '" + shown(e) + "' (corrupt compressed data)", ex);
    }
  }

  /** The entry as a storage; STORED entries are not read until a tensor needs them. */
  TensorStorage storage(ZipArchiveEntry e) throws IOException {
    if (e.getMethod() == ZipArchiveEntry.STORED) {
      if (e.getSize() < 0 || e.getCompressedSize() >= 0 && e.getCompressedSize() != e.getSize()) {
        throw CheckpointException.of(file, "corrupt zip archive (stored entry '" + shown(e) + "' has inconsistent "
            + "sizes " + e.getSize() + " and " + e.getCompressedSize() + ")");
      }
      return new FileRegionStorage(file, channel, dataOffset(e), e.getSize(), e.getName());
    }
    return new HeapStorage(file, ByteBuffer.wrap(readAll(e, TensorLayout.MAX_MATERIALIZED_BYTES)), e.getName());
  }

  /** A library message cut to its first line. */
  static String oneLine(String message) {
    if (message == null) {
      return "no details";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  /** Where a STORED entry's bytes start, from its local header (whose extra field may differ from the central one). */
  long dataOffset(ZipArchiveEntry e) throws IOException {
    ByteBuffer h = ByteBuffer.allocate(30).order(ByteOrder.LITTLE_ENDIAN);
    long at = e.getLocalHeaderOffset();
    if (at < 0 || at > channel.size() - 30) {
      throw CheckpointException.of(file, "corrupt or truncated zip archive (local header of '" + shown(e)
          + "' lies outside the file)");
    }
    while (h.hasRemaining()) {
      if (channel.read(h, at + h.position()) < 0) {
        throw CheckpointException.of(file, "corrupt or truncated zip archive (local header of '" + shown(e) + "' cut off)");
      }
    }
    h.flip();
    if (h.getInt(0) != LOCAL_HEADER_SIG) {
      throw CheckpointException.of(file, "corrupt zip archive (bad local header for '" + shown(e) + "')");
    }
    int nameLen = h.getShort(26) & 0xffff;
    int extraLen = h.getShort(28) & 0xffff;
    long start = at + 30 + nameLen + extraLen;
    if (e.getSize() > channel.size() - start) {
      throw CheckpointException.of(file, "corrupt or truncated zip archive (entry '" + shown(e) + "' runs past the end of the file)");
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

  /** An entry's name for a one-line message: control characters (a crafted name may hold a newline) as '?'. */
  private static String shown(ZipArchiveEntry e) {
    return e.getName().replaceAll("\\p{Cntrl}", "?");
  }

}
