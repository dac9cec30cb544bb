package io.solider.nn.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The only globals a checkpoint pickle may name, and what calling them means. Nothing is ever
 * looked up by reflection: each allowed global is interpreted here as data (a tensor reference,
 * a map, a set, a number), so a pickle can describe a state dict but cannot run code.
 */
final class PickleGlobals {

  private static final Set<String> CALLABLE = Set.of(
      "collections.OrderedDict",
      "torch._utils._rebuild_tensor_v2",
      "torch._utils._rebuild_tensor",
      "torch._utils._rebuild_parameter",
      "torch._utils._rebuild_parameter_with_state",
      "torch.device",
      "torch.Size",
      "argparse.Namespace",
      "builtins.set",
      "builtins.frozenset",
      "__builtin__.set",
      "__builtin__.frozenset",
      "_codecs.encode",
      "numpy.core.multiarray.scalar",
      "numpy._core.multiarray.scalar",
      "numpy.dtype");

  private static final Set<String> UNTYPED_STORAGE = Set.of(
      "torch.UntypedStorage", "torch.storage.UntypedStorage", "torch.storage.TypedStorage",
      "torch.TypedStorage", "torch.ByteStorage");

  private PickleGlobals() {}

  /** Whether {@code module.name} may appear in a checkpoint pickle. */
  static boolean allowed(String module, String name) {
    String q = module + "." + name;
    return CALLABLE.contains(q) || UNTYPED_STORAGE.contains(q)
        || module.equals("torch") && TensorDType.fromTorchStorage(name) != null;
  }

  /** Element type of a storage class global, or null if {@code g} is not a storage class. */
  static TensorDType storageType(GlobalRef g) {
    if (g.module().equals("torch") && TensorDType.fromTorchStorage(g.name()) != null) {
      return TensorDType.fromTorchStorage(g.name());
    }
    return UNTYPED_STORAGE.contains(g.qualified()) ? TensorDType.UINT8 : null;
  }

  /**
   * Interprets REDUCE / NEWOBJ of a whitelisted global with its arguments.
   *
   * @throws MalformedPickle if the arguments are not what the global takes in a state dict
   */
  static Object call(GlobalRef g, List<Object> args) {
    String name = g.qualified();
    switch (name) {
      case "collections.OrderedDict": {
        Map<Object, Object> m = new LinkedHashMap<>();
        if (!args.isEmpty()) {
          for (Object p : collection(arg(args, 0, name), name)) {
            if (!(p instanceof List<?> kv) || kv.size() != 2) {
              throw new MalformedPickle(name + " is given " + PickleValues.describe(p) + " instead of a (key, value) pair");
            }
            PickleValues.requireHashable(kv.get(0), "a dict key");
            m.put(kv.get(0), kv.get(1));
          }
        }
        return m;
      }
      case "torch._utils._rebuild_tensor_v2":
      case "torch._utils._rebuild_tensor": {
        if (!(arg(args, 0, name) instanceof TypedStorage s)) {
          throw new MalformedPickle(name + ": argument 1 is " + PickleValues.describe(args.get(0)) + ", not a storage");
        }
        long offset = toLong(arg(args, 1, name), name + ": storage offset");
        long[] shape = longs(arg(args, 2, name), name + ": size");
        long[] strides = longs(arg(args, 3, name), name + ": stride");
        TensorLayout.check(s.dtype(), shape, strides, offset);
        return new TensorRef(null, s.dtype(), shape, strides, offset, s.storage());
      }
      case "torch._utils._rebuild_parameter":
      case "torch._utils._rebuild_parameter_with_state": {
        Object data = arg(args, 0, name);
        if (!(data instanceof TensorRef)) {
          throw new MalformedPickle(name + ": argument 1 is " + PickleValues.describe(data) + ", not a tensor");
        }
        return data;
      }
      case "torch.device": {
        Object type = arg(args, 0, name);
        if (!(type instanceof String)) {
          throw new MalformedPickle(name + ": the device type is " + PickleValues.describe(type) + ", not a str");
        }
        StringBuilder sb = new StringBuilder((String) type);
        if (args.size() > 1 && args.get(1) != null) {
          sb.append(':').append(toLong(args.get(1), name + ": device index"));
        }
        return sb.toString();
      }
      case "torch.Size":
        return args.isEmpty() ? List.of() : List.of(longsBoxed(longs(args.get(0), name)));
      case "argparse.Namespace":
        return new PickleNamespace();
      case "builtins.set":
      case "builtins.frozenset":
      case "__builtin__.set":
      case "__builtin__.frozenset": {
        Set<Object> set = new LinkedHashSet<>();
        if (!args.isEmpty()) {
          for (Object o : collection(args.get(0), name)) {
            PickleValues.requireHashable(o, "a set element");
            set.add(o);
          }
        }
        return set;
      }
      case "_codecs.encode": {
        if (!(arg(args, 0, name) instanceof String text)) {
          throw new MalformedPickle(name + ": argument 1 is " + PickleValues.describe(args.get(0)) + ", not a str");
        }
        String enc = args.size() > 1 ? String.valueOf(args.get(1)).toLowerCase(Locale.ROOT) : "utf-8";
        Charset cs = switch (enc) {
          case "latin1", "latin-1", "iso-8859-1" -> StandardCharsets.ISO_8859_1;
          case "utf-8", "utf8" -> StandardCharsets.UTF_8;
          case "ascii" -> StandardCharsets.US_ASCII;
          default -> throw new MalformedPickle(name + ": unsupported encoding " + PickleValues.describe(args.get(1)));
        };
        return text.getBytes(cs);
      }
      case "numpy.dtype": {
        if (!(arg(args, 0, name) instanceof String code)) {
          throw new MalformedPickle(name + ": the type code is " + PickleValues.describe(args.get(0)) + ", not a str");
        }
        return new NumpyDType(code);
      }
      case "numpy.core.multiarray.scalar":
      case "numpy._core.multiarray.scalar": {
        if (!(arg(args, 0, name) instanceof NumpyDType dt) || !(arg(args, 1, name) instanceof byte[] data)) {
          throw new MalformedPickle(name + " needs a numpy.dtype and bytes, got " + PickleValues.describe(args.get(0))
              + " and " + PickleValues.describe(args.size() > 1 ? args.get(1) : null));
        }
        return numpyScalar(dt, data);
      }
      default:
        throw new MalformedPickle("calls '" + g + "', which is not callable");
    }
  }

  /** Applies BUILD state: only a Namespace takes it; other objects' attributes are ignored. */
  @SuppressWarnings("unchecked")
  static void build(Object target, Object state) {
    if (target instanceof PickleNamespace ns) {
      Object dict = state instanceof List<?> l && !l.isEmpty() ? l.get(0) : state;
      if (dict instanceof Map<?, ?> m) {
        ns.putAll((Map<Object, Object>) m);
      }
    } else if (target instanceof NumpyDType dt && state instanceof List<?> l && l.size() > 1) {
      dt.byteOrder = String.valueOf(l.get(1));
    }
  }

  private static Object numpyScalar(NumpyDType dt, byte[] data) {
    int need = switch (dt.code) {
      case "f8", "i8", "u8" -> 8;
      case "f4", "i4", "u4" -> 4;
      case "i2", "u2" -> 2;
      case "i1", "u1", "b1" -> 1;
      default -> throw new MalformedPickle("unsupported numpy scalar type " + PickleValues.describe(dt.code));
    };
    if (data.length < need) {
      throw new MalformedPickle("numpy scalar of type " + PickleValues.describe(dt.code) + " has " + data.length
          + " bytes, needs " + need);
    }
    ByteBuffer b = ByteBuffer.wrap(data).order(dt.byteOrder.equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    return switch (dt.code) {
      case "f8" -> b.getDouble();
      case "f4" -> (double) b.getFloat();
      case "i8", "u8" -> b.getLong();
      case "i4" -> (long) b.getInt();
      case "u4" -> b.getInt() & 0xffffffffL;
      case "i2" -> (long) b.getShort();
      case "u2" -> (long) (b.getShort() & 0xffff);
      case "i1" -> (long) b.get();
      case "u1" -> (long) (b.get() & 0xff);
      default -> b.get() != 0;
    };
  }

  /** Argument {@code i} of a call; a missing one is malformed. */
  private static Object arg(List<Object> args, int i, String name) {
    if (i >= args.size()) {
      throw new MalformedPickle(name + " is called with " + args.size() + " arguments, needs at least " + (i + 1));
    }
    return args.get(i);
  }

  private static Collection<?> collection(Object o, String name) {
    if (o instanceof Collection<?> c) {
      return c;
    }
    throw new MalformedPickle(name + " is given " + PickleValues.describe(o) + " instead of a list or tuple");
  }

  static long toLong(Object o, String what) {
    if (o instanceof Long n) {
      return n;
    }
    if (o instanceof Boolean b) {
      return b ? 1 : 0;
    }
    throw new MalformedPickle(what + " is " + PickleValues.describe(o) + ", not an integer of 64 bits");
  }

  private static long[] longs(Object o, String what) {
    Collection<?> c = collection(o, what);
    long[] r = new long[c.size()];
    int i = 0;
    for (Object x : c) {
      r[i++] = toLong(x, what + " entry " + i);
    }
    return r;
  }

  private static Long[] longsBoxed(long[] v) {
    Long[] r = new Long[v.length];
    for (int i = 0; i < v.length; i++) {
      r[i] = v[i];
    }
    return r;
  }
}
