package io.solider.nn.checkpoint;

import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Flattens an unpickled checkpoint object into '.'-joined keys, separating tensors from other
 * values. Lists are descended into (by index) only when they hold tensors or dicts, so that
 * plain lists such as an optimiser's parameter ids stay single values.
 */
final class StateDictFlattener {

  /** Longest flattened key accepted (real ones are under 200 characters). */
  static final int MAX_KEY_CHARS = 1 << 16;

  final Map<String, TensorRef> tensors = new LinkedHashMap<>();
  final Map<String, Object> values = new LinkedHashMap<>();
  private final Path file;

  private StateDictFlattener(Path file) {
    this.file = file;
  }

  static StateDictFlattener flatten(Object root, Path file) throws CheckpointException {
    StateDictFlattener f = new StateDictFlattener(file);
    if (root instanceof Map<?, ?> m) {
      f.map("", m);
    } else if (root instanceof TensorRef t) {
      f.put("", t);
    } else {
      throw CheckpointException.of(file, "checkpoint holds " + PickleValues.describe(root) + ", not a dict of tensors");
    }
    return f;
  }

  private void map(String prefix, Map<?, ?> m) throws CheckpointException {
    for (Map.Entry<?, ?> e : m.entrySet()) {
      value(prefix + keyText(e.getKey()), e.getValue());
    }
  }

  /** A dict key as text, as Python's str() would give it for the keys state dicts use. */
  private String keyText(Object k) throws CheckpointException {
    String text = k instanceof String s ? s
        : k == null ? "None"
        : k instanceof Boolean b ? (b ? "True" : "False")
        : k instanceof Number n ? n.toString()
        : PickleValues.describe(k);
    if (text.length() > MAX_KEY_CHARS) {
      throw CheckpointException.of(file, "a key of " + text.length() + " characters (more than " + MAX_KEY_CHARS + ")");
    }
    return text;
  }

  private void value(String key, Object v) throws CheckpointException {
    if (key.length() > MAX_KEY_CHARS) {
      throw CheckpointException.of(file, "a flattened key longer than " + MAX_KEY_CHARS + " characters ("
          + PickleValues.describe(key) + ")");
    }
    if (v instanceof TensorRef t) {
      put(key, t);
    } else if (v instanceof PickleNamespace ns) {
      values.put(key, ns);
    } else if (v instanceof Map<?, ?> m && !m.isEmpty()) {
      map(key + ".", m);
    } else if (v instanceof List<?> l && holdsStructure(l)) {
      for (int i = 0; i < l.size(); i++) {
        value(key + "." + i, l.get(i));
      }
    } else {
      values.put(key, v);
    }
  }

  private void put(String key, TensorRef t) throws CheckpointException {
    TensorRef named = t.withName(key);
    named.checkFits(file);
    tensors.put(key, named);
  }

  private static boolean holdsStructure(Collection<?> l) {
    for (Object o : l) {
      if (o instanceof TensorRef || o instanceof Map<?, ?>) {
        return true;
      }
    }
    return false;
  }
}
