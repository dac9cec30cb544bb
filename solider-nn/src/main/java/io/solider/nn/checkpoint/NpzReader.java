package io.solider.nn.checkpoint;

import io.solider.nn.io.Npy;
import io.solider.nn.io.Shapes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;

/**
 * Reads {@code numpy.savez} / {@code savez_compressed} archives: each {@code <key>.npy} entry is a
 * tensor named {@code <key>} (keys may contain dots). Only each entry's header is read up front.
 */
final class NpzReader {

  /** Large enough for any real .npy header (numpy pads them to 64 bytes; shapes are short). */
  private static final int HEADER_PROBE = 1 << 16;

  private NpzReader() {}

  static boolean isNpz(ZipRecords zip) {
    for (String n : zip.names()) {
      if (n.endsWith(".npy")) {
        return true;
      }
    }
    return false;
  }

  static StateDict read(ZipRecords zip) throws IOException {
    Path file = zip.file();
    Map<String, TensorRef> tensors = new LinkedHashMap<>();
    for (String name : zip.names()) {
      if (!name.endsWith(".npy")) {
        continue;
      }
      ZipArchiveEntry e = zip.entry(name);
      TensorStorage whole = zip.storage(e);
      ByteBuffer probe = whole.read(0, Math.min(whole.byteSize(), HEADER_PROBE));
      Npy.Header h;
      try {
        h = Npy.readHeader(probe, "entry '" + name + "'");
      } catch (IOException ex) {
        throw CheckpointException.of(file, ex.getMessage(), ex);
      }
      TensorDType dtype = TensorDType.fromNpy(h.descr());
      if (dtype == null) {
        throw CheckpointException.of(file, "entry '" + name + "' has unsupported element type "
            + PickleValues.describe(h.descr()));
      }
      long[] shape = h.shape();
      long[] strides = h.fortranOrder() ? Shapes.fortranStrides(shape) : Shapes.cStrides(shape);
      TensorStorage data = new OffsetStorage(whole, h.dataOffset());
      String key = name.substring(0, name.length() - ".npy".length());
      TensorRef t = new TensorRef(key, dtype, shape, strides, 0, data);
      t.checkFits(file);
      tensors.put(key, t);
    }
    return new StateDict(file, CheckpointFormat.NPZ, tensors, Map.of(), zip);
  }

  /** The part of a storage after a fixed number of header bytes. */
  private record OffsetStorage(TensorStorage base, long skip) implements TensorStorage {
    @Override
    public String name() {
      return base.name();
    }

    @Override
    public Path file() {
      return base.file();
    }

    @Override
    public long byteSize() {
      return base.byteSize() - skip;
    }

    @Override
    public ByteBuffer read(long offset, long length) throws IOException {
      return base.read(skip + offset, length);
    }
  }
}
