package io.solider.nn.checkpoint;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Writes a zip of STORED entries whose data start on 64-byte boundaries, the way PyTorch's
 * {@code PyTorchStreamWriter} does (padding in an {@code "FB"} extra field), so that readers can
 * memory-map storages. No zip64: checkpoints beyond 4 GB are refused.
 */
final class AlignedZipWriter implements Closeable {

  private static final int ALIGNMENT = 64;
  private static final long LIMIT = 0xffffffffL;

  private record Written(byte[] name, long crc, long size, long headerOffset) {}

  private final FileChannel channel;
  private final List<Written> entries = new ArrayList<>();
  private long cursor;

  AlignedZipWriter(FileChannel channel) {
    this.channel = channel;
  }

  void add(String name, byte[] data) throws IOException {
    add(name, ByteBuffer.wrap(data));
  }

  /** Writes one entry from the buffer's position to its limit. */
  void add(String name, ByteBuffer data) throws IOException {
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    long size = data.remaining();
    CRC32 crc = new CRC32();
    crc.update(data.duplicate());
    if (size >= LIMIT || cursor >= LIMIT) {
      throw new IOException("checkpoint entry '" + name + "' lies beyond 4 GB; zip64 is not supported by this writer");
    }
    long start = cursor + 30 + n.length + 4;
    int pad = (int) ((ALIGNMENT - start % ALIGNMENT) % ALIGNMENT);
    ByteBuffer h = ByteBuffer.allocate(30 + n.length + 4 + pad).order(ByteOrder.LITTLE_ENDIAN);
    h.putInt(0x04034b50).putShort((short) 20).putShort((short) 0).putShort((short) 0)
        .putShort((short) 0).putShort((short) 0x21) // time 0, date 1980-01-01
        .putInt((int) crc.getValue()).putInt((int) size).putInt((int) size)
        .putShort((short) n.length).putShort((short) (4 + pad)).put(n)
        .put((byte) 'F').put((byte) 'B').putShort((short) pad);
    for (int i = 0; i < pad; i++) {
      h.put((byte) 'Z');
    }
    entries.add(new Written(n, crc.getValue(), size, cursor));
    writeFully(h.flip());
    writeFully(data.duplicate());
  }

  /** Writes the central directory and syncs the file; the channel stays open. */
  void finish() throws IOException {
    long cdStart = cursor;
    for (Written e : entries) {
      ByteBuffer c = ByteBuffer.allocate(46 + e.name().length).order(ByteOrder.LITTLE_ENDIAN);
      c.putInt(0x02014b50).putShort((short) 20).putShort((short) 20).putShort((short) 0)
          .putShort((short) 0).putShort((short) 0).putShort((short) 0x21)
          .putInt((int) e.crc()).putInt((int) e.size()).putInt((int) e.size())
          .putShort((short) e.name().length).putShort((short) 0).putShort((short) 0)
          .putShort((short) 0).putShort((short) 0).putInt(0).putInt((int) e.headerOffset()).put(e.name());
      writeFully(c.flip());
    }
    long cdSize = cursor - cdStart;
    if (entries.size() > 0xffff || cdStart >= LIMIT) {
      throw new IOException("checkpoint too large for a zip without zip64");
    }
    ByteBuffer end = ByteBuffer.allocate(22).order(ByteOrder.LITTLE_ENDIAN);
    end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) entries.size())
        .putShort((short) entries.size()).putInt((int) cdSize).putInt((int) cdStart).putShort((short) 0);
    writeFully(end.flip());
    channel.force(true); // on disk before the rename that publishes it
  }

  private void writeFully(ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      cursor += channel.write(b);
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
