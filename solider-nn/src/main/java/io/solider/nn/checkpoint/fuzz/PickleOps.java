package io.solider.nn.checkpoint.fuzz;

import java.util.ArrayList;
import java.util.List;

/**
 * The opcodes of a pickle byte stream with where their arguments lie, so that mutations can hit
 * meaningful places (an integer argument, a global's name) instead of only random bytes. Scans
 * protocols 0–5; stops at the end of the data or after the given number of STOP opcodes.
 */
final class PickleOps {

  /** One opcode: its position, its byte, and its argument's position and length. */
  record Op(int pos, int code, int argPos, int argLen) {}

  private PickleOps() {}

  /** The opcodes of the first {@code pickles} pickles in {@code b} (fewer if the data ends early or is garbled). */
  static List<Op> scan(byte[] b, int pickles) {
    List<Op> ops = new ArrayList<>();
    int i = 0;
    int stops = 0;
    while (i < b.length && stops < pickles) {
      int code = b[i] & 0xff;
      int at = i + 1;
      int len = argLength(b, code, at);
      if (len < 0 || at + len > b.length) {
        break;
      }
      ops.add(new Op(i, code, at, len));
      i = at + len;
      if (code == '.') {
        stops++;
      }
    }
    return ops;
  }

  /** Total length of the argument of {@code code} at {@code at}; −1 if unknown or cut off. */
  private static int argLength(byte[] b, int code, int at) {
    switch (code) {
      case 0x80, 'K', 'q', 'h', 0x82 -> {
        return 1; // PROTO, BININT1, BINPUT, BINGET, EXT1
      }
      case 'M', 0x83 -> {
        return 2; // BININT2, EXT2
      }
      case 'J', 'r', 'j', 0x84 -> {
        return 4; // BININT, LONG_BINPUT, LONG_BINGET, EXT4
      }
      case 'G', 0x95 -> {
        return 8; // BINFLOAT, FRAME
      }
      case 0x8a, 'U', 'C', 0x8c -> { // LONG1, SHORT_BINSTRING, SHORT_BINBYTES, SHORT_BINUNICODE
        return at < b.length ? 1 + (b[at] & 0xff) : -1;
      }
      case 0x8b, 'T', 'B', 'X' -> { // LONG4, BINSTRING, BINBYTES, BINUNICODE
        if (at + 4 > b.length) {
          return -1;
        }
        long n = (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
        return n > Integer.MAX_VALUE - 8 ? -1 : 4 + (int) n;
      }
      case 0x8d, 0x8e, 0x96 -> { // BINUNICODE8, BINBYTES8, BYTEARRAY8
        if (at + 8 > b.length) {
          return -1;
        }
        long n = 0;
        for (int k = 7; k >= 0; k--) {
          n = n << 8 | (b[at + k] & 0xff);
        }
        return n < 0 || n > Integer.MAX_VALUE - 16 ? -1 : 8 + (int) n;
      }
      case 'I', 'L', 'F', 'S', 'V', 'p', 'g', 'P' -> {
        return lineLength(b, at, 1);
      }
      case 'c', 'i' -> {
        return lineLength(b, at, 2); // GLOBAL, INST: module and name lines
      }
      default -> {
        return 0;
      }
    }
  }

  private static int lineLength(byte[] b, int at, int lines) {
    int i = at;
    for (int l = 0; l < lines; l++) {
      while (i < b.length && b[i] != '\n') {
        i++;
      }
      if (i >= b.length) {
        return -1;
      }
      i++;
    }
    return i - at;
  }
}
