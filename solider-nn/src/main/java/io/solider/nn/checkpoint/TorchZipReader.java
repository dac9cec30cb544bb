package io.solider.nn.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
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

  /** Largest {@code data.pkl} read (a state dict of ten thousand tensors pickles to about 1 MB). */
  static final long MAX_PICKLE_BYTES = 64L << 20;
  /** Largest {@code version} / {@code byteorder} record read. */
  private static final long SMALL_RECORD = 64;
  static final long MIN_VERSION = 1;
  static final long MAX_VERSION = 10;

  private TorchZipReader() {}

  static StateDict read(ZipRecords zip) throws IOException {
    Path file = zip.file();
    String prefix = findPrefix(zip);
    checkVersion(zip, prefix);
    ZipArchiveEntry order = zip.entry(prefix + "byteorder");
    if (order != null) {
      String bo = new String(zip.readAll(order, SMALL_RECORD), StandardCharsets.US_ASCII).trim();
      if (!bo.equals("little")) {
        throw CheckpointException.of(file, "byte order '" + PickleValues.describe(bo).replace("'", "")
            + "' is not supported (only little-endian checkpoints)");
      }
    }
    byte[] pkl = zip.readAll(zip.entry(prefix + "data.pkl"), MAX_PICKLE_BYTES);
    Map<String, TypedStorage> storages = new HashMap<>();
    PickleReader.PersistentLoader loader = pid -> {
      StoragePid p = StoragePid.parse(pid, file, "data.pkl");
      TypedStorage known = storages.get(p.key());
      if (known != null) {
        return known;
      }
      String record = prefix + "data/" + p.key();
      ZipArchiveEntry e = zip.entry(record);
      if (e == null) {
        throw CheckpointException.of(file, "storage record '" + record + "' is missing (referenced by data.pkl)");
      }
      TypedStorage s = new TypedStorage(p.dtype(), zip.storage(e));
      storages.put(p.key(), s);
      return s;
    };
    Object root = new PickleReader(file, prefix + "data.pkl", loader).read(ByteBuffer.wrap(pkl));
    StateDictFlattener flat = StateDictFlattener.flatten(root, file);
    LOG.debug("{}: torch zip checkpoint, {} tensors in {} storages", file, flat.tensors.size(), storages.size());
    return new StateDict(file, CheckpointFormat.TORCH_ZIP, flat.tensors, flat.values, zip);
  }

  /**
   * Refuses a {@code version} record this reader does not know, as PyTorch does: a decimal number
   * from {@value #MIN_VERSION} to {@value #MAX_VERSION} (torch 1.13's range; {@code torch.save}
   * writes 3). A missing record is accepted (early writers and other tools omit it).
   */
  private static void checkVersion(ZipRecords zip, String prefix) throws IOException {
    String name = prefix + "version";
    ZipArchiveEntry e = zip.entry(name);
    if (e == null) {
      name = prefix + ".data/version";
      e = zip.entry(name);
    }
    if (e == null) {
      return;
    }
    String text = new String(zip.readAll(e, SMALL_RECORD), StandardCharsets.US_ASCII).trim();
    if (!text.matches("\\d{1,9}")) {
      throw CheckpointException.of(zip.file(), "zip record '" + name + "' should hold a format version number, holds "
          + PickleValues.describe(text));
    }
    long v = Long.parseLong(text);
    if (v < MIN_VERSION || v > MAX_VERSION) {
      throw CheckpointException.of(zip.file(), "zip record '" + name + "' says format version " + v
          + ", this reader knows versions " + MIN_VERSION + " to " + MAX_VERSION
          + (v > MAX_VERSION ? " (written by a newer PyTorch?)" : ""));
    }
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
