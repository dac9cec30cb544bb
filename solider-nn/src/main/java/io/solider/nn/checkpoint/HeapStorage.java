package io.solider.nn.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/** A storage already in memory (an inflated DEFLATED zip entry, a test buffer). */
final class HeapStorage implements TensorStorage {

  private final Path file;
  private final ByteBuffer bytes;
  private final String name;

  HeapStorage(Path file, ByteBuffer bytes, String name) {
    this.file = file;
    this.bytes = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
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
    return bytes.remaining();
  }

  @Override
  public ByteBuffer read(long offset, long length) throws CheckpointException {
    if (offset < 0 || length < 0 || offset > bytes.remaining() || length > bytes.remaining() - offset) {
      String msg = "storage record '" + name + "' holds " + bytes.remaining() + " bytes, cannot read " + length
          + " bytes at offset " + offset;
      throw file == null ? new CheckpointException(msg) : CheckpointException.of(file, msg);
    }
    return bytes.slice((int) offset, (int) length).order(ByteOrder.LITTLE_ENDIAN);
  }
}
