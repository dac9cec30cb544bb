package io.solider.nn.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * A storage that is a contiguous byte range of a file (a STORED zip entry, a safetensors tensor,
 * a legacy torch storage). Large reads are memory-mapped so that only the pages of the tensors
 * actually materialised are touched; small ones use a positional read, which is cheaper than a
 * mapping.
 */
final class FileRegionStorage implements TensorStorage {

  private static final long MAP_THRESHOLD = 1 << 20;

  private final Path file;
  private final FileChannel channel;
  private final long start;
  private final long size;
  private final String name;

  FileRegionStorage(Path file, FileChannel channel, long start, long size, String name) {
    this.file = file;
    this.channel = channel;
    this.start = start;
    this.size = size;
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Path file() {
    return file;
  }

  @Override
  public long byteSize() {
    return size;
  }

  @Override
  public ByteBuffer read(long offset, long length) throws IOException {
    if (offset < 0 || length < 0 || offset > size || length > size - offset) {
      throw CheckpointException.of(file, "storage record '" + name + "' holds " + size
          + " bytes, cannot read " + length + " bytes at offset " + offset);
    }
    if (length > Integer.MAX_VALUE) {
      throw CheckpointException.of(file, "storage record '" + name + "': a single tensor over 2 GB is not supported");
    }
    try {
      if (length >= MAP_THRESHOLD) {
        return channel.map(FileChannel.MapMode.READ_ONLY, start + offset, length).order(ByteOrder.LITTLE_ENDIAN);
      }
      ByteBuffer buf = ByteBuffer.allocate((int) length);
      long pos = start + offset;
      while (buf.hasRemaining()) {
        int n = channel.read(buf, pos + buf.position());
        if (n < 0) {
          throw CheckpointException.of(file, "storage record '" + name + "' is truncated (file ends early)");
        }
      }
      return buf.flip().order(ByteOrder.LITTLE_ENDIAN);
    } catch (ClosedChannelException e) {
      throw CheckpointException.of(file, "checkpoint already closed; materialise tensors before closing it", e);
    }
  }
}
