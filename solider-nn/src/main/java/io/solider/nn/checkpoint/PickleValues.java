package io.solider.nn.checkpoint;

import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Unpickled values as Python would name them, for messages that never show Java types, and the
 * rules for what may be a dict key or set element (hashable values only, so that no key can
 * contain itself and hashing can never recurse without bound).
 */
final class PickleValues {

  /** Deepest tuple nesting accepted inside a key. */
  static final int MAX_KEY_DEPTH = 16;
  private static final int DESCRIBE_CHARS = 60;

  private PickleValues() {}

  /** The Python type of an unpickled value: {@code dict}, {@code tuple}, {@code str}, {@code tensor}, … */
  static String typeName(Object o) {
    if (o == null) {
      return "None";
    }
    if (o instanceof PickleNamespace) {
      return "argparse.Namespace";
    }
    if (o instanceof Map<?, ?>) {
      return "dict";
    }
    if (o instanceof List<?> l) {
      return isTuple(l) ? "tuple" : "list";
    }
    if (o instanceof Set<?>) {
      return "set";
    }
    if (o instanceof String) {
      return "str";
    }
    if (o instanceof Boolean) {
      return "bool";
    }
    if (o instanceof Long || o instanceof BigInteger) {
      return "int";
    }
    if (o instanceof Double) {
      return "float";
    }
    if (o instanceof byte[]) {
      return "bytes";
    }
    if (o instanceof TensorRef) {
      return "tensor";
    }
    if (o instanceof TypedStorage) {
      return "storage";
    }
    if (o instanceof GlobalRef g) {
      return "global " + g.qualified();
    }
    if (o instanceof NumpyDType) {
      return "numpy.dtype";
    }
    return "object";
  }

  /**
   * A short description for a message: the value itself for scalars (cut to a few dozen
   * characters), the type and size for containers; never recurses.
   */
  static String describe(Object o) {
    if (o == null) {
      return "None";
    }
    if (o instanceof Boolean b) {
      return b ? "True" : "False";
    }
    if (o instanceof Long || o instanceof Double) {
      return String.valueOf(o);
    }
    if (o instanceof BigInteger b) {
      return b.bitLength() <= 64 ? b.toString() : "an int of " + b.bitLength() + " bits";
    }
    if (o instanceof String s) {
      String cut = s.length() > DESCRIBE_CHARS ? s.substring(0, DESCRIBE_CHARS) + "…" : s;
      // Control characters and '$' (it reads like a Java inner-class name) are shown as '?'.
      return "'" + cut.replaceAll("[\\p{Cntrl}$]", "?") + "'";
    }
    if (o instanceof GlobalRef g) {
      return g.qualified();
    }
    if (o instanceof Map<?, ?> m) {
      return "a " + typeName(o) + " of " + m.size() + " items";
    }
    if (o instanceof Collection<?> c) {
      return "a " + typeName(o) + " of " + c.size() + " items";
    }
    if (o instanceof byte[] b) {
      return b.length + " bytes";
    }
    return "a " + typeName(o);
  }

  /** Tuples are the unmodifiable lists the reader builds; lists are {@link java.util.ArrayList}s. */
  static boolean isTuple(List<?> l) {
    return !(l instanceof java.util.ArrayList<?>);
  }

  /**
   * Fails unless {@code key} may be a dict key or set element: None, bool, int, float, str, bytes,
   * a tensor, a global, or a tuple of such (at most {@link #MAX_KEY_DEPTH} deep). Python refuses
   * dicts, lists and sets as keys for the same reason: they could contain themselves.
   */
  static void requireHashable(Object key, String where) {
    requireHashable(key, where, 0);
  }

  private static void requireHashable(Object key, String where, int depth) {
    if (key instanceof List<?> l && isTuple(l)) {
      if (depth >= MAX_KEY_DEPTH) {
        throw new MalformedPickle(where + " is a tuple nested more than " + MAX_KEY_DEPTH + " deep");
      }
      for (Object o : l) {
        requireHashable(o, where, depth + 1);
      }
      return;
    }
    if (key instanceof Map<?, ?> || key instanceof Collection<?> || key instanceof TypedStorage) {
      throw new MalformedPickle(where + " is " + describe(key) + ", which cannot be a key (unhashable)");
    }
  }
}
