package io.solider.nn.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The raw little-endian bytes behind one or more tensors (a torch storage record, an {@code .npy}
 * data block, a safetensors byte range). Bytes are fetched only when a tensor is materialised.
 */
public interface TensorStorage {

  /** Where the bytes live, for error messages (e.g. {@code archive/data/3}). */
  String name();

  /** The file the bytes come from, for error messages; null for storages not read from a file. */
  default Path file() {
    return null;
  }

  /** Number of bytes available. */
  long byteSize();

  /**
   * Returns {@code length} bytes starting at {@code offset}, positioned at 0, little-endian. The
   * buffer may be a read-only memory map: callers must not keep it beyond their use.
   */
  ByteBuffer read(long offset, long length) throws IOException;
}
