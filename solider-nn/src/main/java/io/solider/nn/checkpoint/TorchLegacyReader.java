package io.solider.nn.checkpoint;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads checkpoints written before PyTorch 1.6 (or with {@code _use_new_zipfile_serialization=False}):
 * five consecutive pickles (magic number, protocol version, system info, the object, the list of
 * storage keys) followed by each storage as an int64 element count and its raw bytes. Storage
 * positions are only known after scanning those counts, so storages are bound late.
 */
final class TorchLegacyReader {

  static final BigInteger MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
  /** The pickled magic number as it starts every legacy file (protocol 2, LONG1 of 10 bytes). */
  static final byte[] HEAD = {(byte) 0x80, 0x02, (byte) 0x8a, 0x0a, 0x6c, (byte) 0xfc, (byte) 0x9c, 0x46,
      (byte) 0xf9, 0x20, 0x6a, (byte) 0xa8, 0x50, 0x19};

  private TorchLegacyReader() {}

  static StateDict read(Path file, FileChannel channel) throws IOException {
    long size = channel.size();
    if (size > Integer.MAX_VALUE) {
      throw CheckpointException.of(file, "legacy (non-zip) checkpoints over 2 GB are not supported; re-save with torch.save");
    }
    ByteBuffer buf = channel.map(FileChannel.MapMode.READ_ONLY, 0, size).order(ByteOrder.LITTLE_ENDIAN);
    Object magic = new PickleReader(file, "legacy header", null).read(buf);
    if (!(magic instanceof BigInteger m && m.equals(MAGIC))) {
      throw CheckpointException.of(file, "not a checkpoint (legacy torch magic number missing)");
    }
    Object version = new PickleReader(file, "legacy header", null).read(buf);
    if (!(version instanceof Long v && v == 1001L)) {
      throw CheckpointException.of(file, "unsupported legacy torch protocol version " + PickleValues.describe(version));
    }
    Object sysInfo = new PickleReader(file, "legacy header", null).read(buf);
    if (sysInfo instanceof Map<?, ?> si && Boolean.FALSE.equals(si.get("little_endian"))) {
      throw CheckpointException.of(file, "big-endian legacy checkpoints are not supported");
    }
    Map<String, LateStorage> storages = new HashMap<>();
    PickleReader.PersistentLoader loader = pid -> {
      StoragePid p = StoragePid.parse(pid, file, "the pickled object");
      if (p.view() != null) {
        throw CheckpointException.of(file, "legacy storage views are not supported (storage " + p.key() + ")");
      }
      LateStorage s = storages.computeIfAbsent(p.key(), k -> new LateStorage(file, k, p.dtype()));
      if (s.dtype != p.dtype()) {
        throw CheckpointException.of(file, "storage " + p.key() + " is used as " + s.dtype + " and as " + p.dtype());
      }
      return new TypedStorage(s.dtype, s);
    };
    Object root = new PickleReader(file, "the pickled object", loader).read(buf);
    Object keys = new PickleReader(file, "the storage key list", null).read(buf);
    if (!(keys instanceof List<?> keyList)) {
      throw CheckpointException.of(file, "the storage key list is " + PickleValues.describe(keys) + ", not a list");
    }
    long pos = buf.position();
    for (Object k : keyList) {
      LateStorage s = storages.get(String.valueOf(k));
      if (s == null) {
        throw CheckpointException.of(file, "storage " + PickleValues.describe(k) + " is listed but no tensor uses it");
      }
      if (s.target != null) {
        throw CheckpointException.of(file, "storage " + PickleValues.describe(k) + " is listed twice");
      }
      if (pos > size - 8) {
        throw CheckpointException.of(file, "truncated legacy checkpoint: storage '" + k + "' is missing");
      }
      long numel = buf.getLong((int) pos);
      long bytes = numel < 0 || numel > Long.MAX_VALUE / s.dtype.size() ? -1 : numel * s.dtype.size();
      if (bytes < 0 || bytes > size - pos - 8) {
        throw CheckpointException.of(file, "truncated legacy checkpoint: storage '" + k + "' needs "
            + (bytes < 0 ? numel + " elements" : bytes + " bytes") + " at offset " + (pos + 8) + ", file has " + size);
      }
      s.target = new FileRegionStorage(file, channel, pos + 8, bytes, "storage " + k);
      pos += 8 + bytes;
    }
    for (LateStorage s : storages.values()) {
      if (s.target == null) {
        throw CheckpointException.of(file, "storage record '" + s.key + "' is missing (not in the storage key list)");
      }
    }
    StateDictFlattener flat = StateDictFlattener.flatten(root, file);
    return new StateDict(file, CheckpointFormat.TORCH_LEGACY, flat.tensors, flat.values, channel);
  }

  /** A storage whose position in the file is learnt after the object pickle has been read. */
  private static final class LateStorage implements TensorStorage {
    final Path file;
    final String key;
    final TensorDType dtype;
    TensorStorage target;

    LateStorage(Path file, String key, TensorDType dtype) {
      this.file = file;
      this.key = key;
      this.dtype = dtype;
    }

    @Override
    public Path file() {
      return file;
    }

    @Override
    public String name() {
      return target == null ? "storage " + key : target.name();
    }

    @Override
    public long byteSize() {
      return target == null ? 0 : target.byteSize();
    }

    @Override
    public ByteBuffer read(long offset, long length) throws IOException {
      return target.read(offset, length);
    }
  }
}
