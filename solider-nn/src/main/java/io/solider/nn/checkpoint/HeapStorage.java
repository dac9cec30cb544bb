package io.solider.nn.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** A storage already in memory (an inflated DEFLATED zip entry, a test buffer). */
final class HeapStorage implements TensorStorage {

  private final ByteBuffer bytes;
  private final String name;

  HeapStorage(ByteBuffer bytes, String name) {
    this.bytes = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public long byteSize() {
    return bytes.remaining();
  }

  @Override
  public ByteBuffer read(long offset, long length) {
    if (offset < 0 || length < 0 || offset + length > bytes.remaining()) {
      throw new IndexOutOfBoundsException("storage '" + name + "' holds " + bytes.remaining()
          + " bytes, cannot read " + length + " bytes at offset " + offset);
    }
    return bytes.slice((int) offset, (int) length).order(ByteOrder.LITTLE_ENDIAN);
  }
}
