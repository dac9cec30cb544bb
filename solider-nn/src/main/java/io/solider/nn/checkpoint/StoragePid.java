package io.solider.nn.checkpoint;

import java.nio.file.Path;
import java.util.List;

/**
 * A torch persistent id {@code ('storage', storage_type, key, location, numel[, view])} as both
 * checkpoint formats use it, checked: a tuple whose type is a whitelisted storage class and whose
 * key is a str or an int.
 *
 * @param dtype element type of the storage class
 * @param key the storage's key (record name in a zip, key in a legacy file)
 * @param view a legacy storage view's metadata, or null
 */
record StoragePid(TensorDType dtype, String key, Object view) {

  /** Checks {@code pid}; {@code where} names the pickle for messages. */
  static StoragePid parse(Object pid, Path file, String where) throws CheckpointException {
    if (!(pid instanceof List<?> t) || t.size() < 5 || !"storage".equals(t.get(0))) {
      throw CheckpointException.of(file, "unexpected persistent id " + PickleValues.describe(pid) + " in " + where
          + " (expected ('storage', type, key, location, size))");
    }
    if (!(t.get(1) instanceof GlobalRef type)) {
      throw CheckpointException.of(file, "persistent id names " + PickleValues.describe(t.get(1))
          + " as its storage type in " + where);
    }
    TensorDType dtype = PickleGlobals.storageType(type);
    if (dtype == null) {
      throw CheckpointException.of(file, "persistent id names '" + type + "', which is not a storage type, in " + where);
    }
    Object key = t.get(2);
    if (!(key instanceof String) && !(key instanceof Long)) {
      throw CheckpointException.of(file, "persistent id has the storage key " + PickleValues.describe(key)
          + " (expected a str) in " + where);
    }
    String k = String.valueOf(key);
    if (k.isEmpty() || k.length() > 256 || k.contains("/") || k.contains("\\") || k.contains("..")) {
      throw CheckpointException.of(file, "persistent id has the storage key " + PickleValues.describe(k)
          + ", which cannot name a record, in " + where);
    }
    return new StoragePid(dtype, k, t.size() > 5 ? t.get(5) : null);
  }
}
