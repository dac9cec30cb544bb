package io.solider.nn.checkpoint.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes protocol-2 pickle opcodes by hand, for structures no sane writer makes (cycles, deep nesting). */
final class PickleBuilder {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  PickleBuilder() {
    op(0x80).op(2);
  }

  PickleBuilder op(int code) {
    out.write(code);
    return this;
  }

  PickleBuilder ops(String codes) {
    for (char c : codes.toCharArray()) {
      out.write(c);
    }
    return this;
  }

  PickleBuilder str(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    op('X').int32(b.length);
    out.write(b, 0, b.length);
    return this;
  }

  /** An integer: BININT for 32 bits, else LONG1 of eight bytes. */
  PickleBuilder integer(long v) {
    if (v == (int) v) {
      return op('J').int32((int) v);
    }
    op(0x8a).op(8);
    for (int i = 0; i < 8; i++) {
      out.write((int) (v >>> (8 * i)));
    }
    return this;
  }

  PickleBuilder global(String module, String name) {
    byte[] b = (module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8);
    op('c');
    out.write(b, 0, b.length);
    return this;
  }

  /** BINPUT / BINGET of memo slot {@code i} (0–255). */
  PickleBuilder put(int i) {
    return op('q').op(i);
  }

  PickleBuilder get(int i) {
    return op('h').op(i);
  }

  /** A tuple of integers. */
  PickleBuilder intTuple(long... v) {
    op('(');
    for (long x : v) {
      integer(x);
    }
    return op('t');
  }

  /** A persistent id of a torch storage: BINPERSID of ('storage', torch.&lt;cls&gt;, key, 'cpu', numel). */
  PickleBuilder storage(String cls, String key, long numel) {
    op('(').str("storage").global("torch", cls).str(key).str("cpu").integer(numel).op('t');
    return op('Q');
  }

  /** {@code torch._utils._rebuild_tensor_v2(storage, offset, size, stride, False, OrderedDict())}. */
  PickleBuilder tensor(String cls, String key, long numel, long offset, long[] size, long[] stride) {
    global("torch._utils", "_rebuild_tensor_v2").op('(');
    storage(cls, key, numel).integer(offset).intTuple(size).intTuple(stride).op(0x89);
    global("collections", "OrderedDict").op(')').op('R');
    return op('t').op('R');
  }

  PickleBuilder int32(int v) {
    out.write(v);
    out.write(v >>> 8);
    out.write(v >>> 16);
    out.write(v >>> 24);
    return this;
  }

  byte[] stop() {
    op('.');
    return out.toByteArray();
  }
}
