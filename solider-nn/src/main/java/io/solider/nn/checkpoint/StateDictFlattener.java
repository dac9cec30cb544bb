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
      throw CheckpointException.of(file, "checkpoint holds a " + (root == null ? "None" : root.getClass().getSimpleName())
          + ", not a dict of tensors");
    }
    return f;
  }

  private void map(String prefix, Map<?, ?> m) throws CheckpointException {
    for (Map.Entry<?, ?> e : m.entrySet()) {
      value(prefix + e.getKey(), e.getValue());
    }
  }

  private void value(String key, Object v) throws CheckpointException {
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
