package io.solider.nn.checkpoint;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Emits pickle protocol 2 opcodes, the protocol {@code torch.save} uses. Only what a state dict
 * needs; the caller composes objects from these primitives.
 */
final class PickleWriter {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  PickleWriter() {
    out.write(0x80); // PROTO
    out.write(2);
  }

  PickleWriter op(int opcode) {
    out.write(opcode);
    return this;
  }

  PickleWriter mark() {
    return op('(');
  }

  PickleWriter global(String module, String name) {
    out.write('c');
    writeAscii(module + "\n" + name + "\n");
    return this;
  }

  PickleWriter string(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.write('X'); // BINUNICODE
    writeInt(b.length);
    out.writeBytes(b);
    return this;
  }

  PickleWriter integer(long v) {
    if (v >= 0 && v < 0x100) {
      out.write('K');
      out.write((int) v);
    } else if (v >= 0 && v < 0x10000) {
      out.write('M');
      out.write((int) (v & 0xff));
      out.write((int) (v >>> 8));
    } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
      out.write('J');
      writeInt((int) v);
    } else {
      byte[] be = BigInteger.valueOf(v).toByteArray();
      out.write(0x8a); // LONG1, little-endian two's complement
      out.write(be.length);
      for (int i = be.length - 1; i >= 0; i--) {
        out.write(be[i]);
      }
    }
    return this;
  }

  PickleWriter floating(double v) {
    out.write('G'); // BINFLOAT, big-endian
    long bits = Double.doubleToLongBits(v);
    for (int i = 7; i >= 0; i--) {
      out.write((int) (bits >>> (8 * i)) & 0xff);
    }
    return this;
  }

  PickleWriter bool(boolean v) {
    return op(v ? 0x88 : 0x89);
  }

  PickleWriter none() {
    return op('N');
  }

  /** A tuple of integers (shapes, strides). */
  PickleWriter intTuple(long[] values) {
    if (values.length == 0) {
      return op(')');
    }
    mark();
    for (long v : values) {
      integer(v);
    }
    return op('t');
  }

  byte[] finish() {
    out.write('.'); // STOP
    return out.toByteArray();
  }

  private void writeInt(int v) {
    out.write(v & 0xff);
    out.write((v >>> 8) & 0xff);
    out.write((v >>> 16) & 0xff);
    out.write((v >>> 24) & 0xff);
  }

  private void writeAscii(String s) {
    out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
  }
}
