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

  /** Interprets REDUCE / NEWOBJ of a whitelisted global with its arguments. */
  static Object call(GlobalRef g, List<Object> args) {
    switch (g.qualified()) {
      case "collections.OrderedDict": {
        Map<Object, Object> m = new LinkedHashMap<>();
        if (!args.isEmpty() && args.get(0) instanceof Collection<?> pairs) {
          for (Object p : pairs) {
            List<?> kv = (List<?>) p;
            m.put(kv.get(0), kv.get(1));
          }
        }
        return m;
      }
      case "torch._utils._rebuild_tensor_v2":
      case "torch._utils._rebuild_tensor": {
        TypedStorage s = (TypedStorage) args.get(0);
        long offset = toLong(args.get(1));
        long[] shape = longs(args.get(2));
        long[] strides = longs(args.get(3));
        return new TensorRef(null, s.dtype(), shape, strides, offset, s.storage());
      }
      case "torch._utils._rebuild_parameter":
      case "torch._utils._rebuild_parameter_with_state":
        return args.get(0);
      case "torch.device": {
        StringBuilder sb = new StringBuilder(String.valueOf(args.get(0)));
        if (args.size() > 1 && args.get(1) != null) {
          sb.append(':').append(args.get(1));
        }
        return sb.toString();
      }
      case "torch.Size":
        return args.isEmpty() ? List.of() : List.copyOf((Collection<?>) args.get(0));
      case "argparse.Namespace":
        return new PickleNamespace();
      case "builtins.set":
      case "builtins.frozenset":
      case "__builtin__.set":
      case "__builtin__.frozenset":
        return args.isEmpty() ? new LinkedHashSet<>() : new LinkedHashSet<>((Collection<?>) args.get(0));
      case "_codecs.encode": {
        String enc = args.size() > 1 ? String.valueOf(args.get(1)) : "utf-8";
        Charset cs = enc.equalsIgnoreCase("latin1") || enc.equalsIgnoreCase("latin-1")
            ? StandardCharsets.ISO_8859_1 : Charset.forName(enc);
        return ((String) args.get(0)).getBytes(cs);
      }
      case "numpy.dtype":
        return new NumpyDType(String.valueOf(args.get(0)));
      case "numpy.core.multiarray.scalar":
      case "numpy._core.multiarray.scalar":
        return numpyScalar((NumpyDType) args.get(0), (byte[]) args.get(1));
      default:
        throw new IllegalStateException("pickle calls '" + g + "', which is not callable");
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
      case "b1" -> b.get() != 0;
      default -> throw new IllegalStateException("unsupported numpy scalar type '" + dt.code + "'");
    };
  }

  static long toLong(Object o) {
    if (o instanceof Number n) {
      return n.longValue();
    }
    throw new IllegalStateException("expected an integer, found " + o);
  }

  private static long[] longs(Object o) {
    List<?> l = o instanceof List<?> x ? x : new ArrayList<>((Collection<?>) o);
    long[] r = new long[l.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = toLong(l.get(i));
    }
    return r;
  }
}
