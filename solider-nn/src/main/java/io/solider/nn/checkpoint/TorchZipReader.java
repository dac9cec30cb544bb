package io.solider.nn.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the zip checkpoints {@code torch.save} writes since PyTorch 1.6: {@code <dir>/data.pkl}
 * (the pickled object, whose tensors name their storages by persistent id) and one record
 * {@code <dir>/data/<key>} of raw little-endian bytes per storage. The folder name varies (torch
 * uses the file's stem), so it is taken from wherever {@code data.pkl} is.
 */
final class TorchZipReader {

  private static final Logger LOG = LoggerFactory.getLogger(TorchZipReader.class);

  private TorchZipReader() {}

  static StateDict read(ZipRecords zip) throws IOException {
    Path file = zip.file();
    String prefix = findPrefix(zip);
    ZipArchiveEntry order = zip.entry(prefix + "byteorder");
    if (order != null) {
      String bo = new String(zip.readAll(order), StandardCharsets.US_ASCII).trim();
      if (!bo.equals("little")) {
        throw CheckpointException.of(file, "byte order '" + bo + "' is not supported (only little-endian checkpoints)");
      }
    }
    byte[] pkl = zip.readAll(zip.entry(prefix + "data.pkl"));
    Map<String, TypedStorage> storages = new HashMap<>();
    PickleReader.PersistentLoader loader = pid -> {
      List<?> t = (List<?>) pid;
      if (t.size() < 5 || !"storage".equals(t.get(0)) || !(t.get(1) instanceof GlobalRef type)) {
        throw CheckpointException.of(file, "unexpected persistent id " + pid + " in data.pkl");
      }
      String key = String.valueOf(t.get(2));
      TypedStorage known = storages.get(key);
      if (known != null) {
        return known;
      }
      TensorDType dtype = PickleGlobals.storageType(type);
      if (dtype == null) {
        throw CheckpointException.of(file, "persistent id names '" + type + "', which is not a storage type, in data.pkl");
      }
      String record = prefix + "data/" + key;
      ZipArchiveEntry e = zip.entry(record);
      if (e == null) {
        throw CheckpointException.of(file, "storage record '" + record + "' is missing (referenced by data.pkl)");
      }
      TypedStorage s = new TypedStorage(dtype, zip.storage(e));
      storages.put(key, s);
      return s;
    };
    Object root = new PickleReader(file, prefix + "data.pkl", loader).read(ByteBuffer.wrap(pkl));
    StateDictFlattener flat = StateDictFlattener.flatten(root, file);
    LOG.debug("{}: torch zip checkpoint, {} tensors in {} storages", file, flat.tensors.size(), storages.size());
    return new StateDict(file, CheckpointFormat.TORCH_ZIP, flat.tensors, flat.values, zip);
  }

  /** Whether the archive has a {@code data.pkl} at its top level or in one folder. */
  static boolean isTorchZip(ZipRecords zip) {
    return findPrefixOrNull(zip) != null;
  }

  private static String findPrefix(ZipRecords zip) throws CheckpointException {
    String p = findPrefixOrNull(zip);
    if (p == null) {
      throw CheckpointException.of(zip.file(), "zip archive has no data.pkl entry (not a torch.save checkpoint)");
    }
    return p;
  }

  private static String findPrefixOrNull(ZipRecords zip) {
    for (String n : zip.names()) {
      if (n.equals("data.pkl")) {
        return "";
      }
      if (n.endsWith("/data.pkl") && n.indexOf('/') == n.length() - "/data.pkl".length()) {
        return n.substring(0, n.length() - "data.pkl".length());
      }
    }
    return null;
  }
}
