package io.solider.nn.checkpoint;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A restricted unpickler for the pickles {@code torch.save} writes (protocols 2–5).
 *
 * <p>It interprets opcodes and never executes anything: globals are checked against a whitelist
 * of state-dict types (see {@link PickleGlobals}) and anything else is refused by name. Python
 * values become Java values: dicts {@link LinkedHashMap}, lists {@link ArrayList},
 * tuples unmodifiable lists, sets {@link LinkedHashSet}, ints {@link Long} (or
 * {@link BigInteger}), floats {@link Double}, str {@link String}, bytes {@code byte[]}, tensors
 * {@link TensorRef}, {@code argparse.Namespace} a map of its attributes.
 */
public final class PickleReader {

  /** Resolves a persistent id (torch: {@code ('storage', type, key, location, numel)}). */
  @FunctionalInterface
  public interface PersistentLoader {
    /** Returns the object the id stands for; for torch storages a storage reference. */
    Object load(Object pid) throws IOException;
  }

  private static final Object MARK = new Object();

  private final Path file;
  private final String pickleName;
  private final PersistentLoader persistent;

  /**
   * @param file the checkpoint, for error messages
   * @param pickleName the pickle inside it (e.g. {@code data.pkl}), for error messages
   * @param persistent resolves persistent ids; null refuses them
   */
  public PickleReader(Path file, String pickleName, PersistentLoader persistent) {
    this.file = file;
    this.pickleName = pickleName;
    this.persistent = persistent;
  }

  /** Unpickles one object starting at the buffer's position; leaves the position after STOP. */
  public Object read(ByteBuffer buf) throws IOException {
    ByteBuffer in = buf.order(ByteOrder.LITTLE_ENDIAN);
    List<Object> stack = new ArrayList<>();
    Deque<Integer> marks = new ArrayDeque<>();
    Map<Long, Object> memo = new HashMap<>();
    int opPos = in.position();
    int op = -1;
    try {
      while (true) {
        opPos = in.position();
        op = in.get() & 0xff;
        switch (op) {
          case 0x80 -> { // PROTO
            int proto = in.get() & 0xff;
            if (proto > 5) {
              throw fail("unsupported pickle protocol " + proto);
            }
          }
          case 0x95 -> in.getLong(); // FRAME: frames are transparent to a reader holding all bytes
          case '.' -> { // STOP
            return pop(stack);
          }
          case '(' -> { // MARK
            marks.push(stack.size());
            stack.add(MARK);
          }
          case '0' -> pop(stack); // POP
          case '1' -> popMark(stack, marks); // POP_MARK
          case '2' -> stack.add(stack.get(stack.size() - 1)); // DUP
          case 'N' -> stack.add(null);
          case 0x88 -> stack.add(Boolean.TRUE);
          case 0x89 -> stack.add(Boolean.FALSE);
          case 'J' -> stack.add((long) in.getInt()); // BININT
          case 'K' -> stack.add((long) (in.get() & 0xff)); // BININT1
          case 'M' -> stack.add((long) (in.getShort() & 0xffff)); // BININT2
          case 0x8a -> stack.add(readLong(in, in.get() & 0xff)); // LONG1
          case 0x8b -> stack.add(readLong(in, in.getInt())); // LONG4
          case 'I' -> stack.add(parseTextInt(readLine(in)));
          case 'L' -> stack.add(parseTextLong(readLine(in)));
          case 'G' -> stack.add(Double.longBitsToDouble(Long.reverseBytes(in.getLong()))); // BINFLOAT is big-endian
          case 'F' -> stack.add(Double.parseDouble(readLine(in).trim()));
          case 'X' -> stack.add(readString(in, in.getInt() & 0xffffffffL)); // BINUNICODE
          case 0x8c -> stack.add(readString(in, in.get() & 0xff)); // SHORT_BINUNICODE
          case 0x8d -> stack.add(readString(in, in.getLong())); // BINUNICODE8
          case 'V' -> stack.add(readLine(in)); // UNICODE (raw-unicode-escape; escapes are not met in state dicts)
          case 'T' -> stack.add(new String(readBytes(in, in.getInt() & 0xffffffffL), StandardCharsets.ISO_8859_1));
          case 'U' -> stack.add(new String(readBytes(in, in.get() & 0xff), StandardCharsets.ISO_8859_1));
          case 'S' -> stack.add(unquote(readLine(in)));
          case 'B' -> stack.add(readBytes(in, in.getInt() & 0xffffffffL)); // BINBYTES
          case 'C' -> stack.add(readBytes(in, in.get() & 0xff)); // SHORT_BINBYTES
          case 0x8e, 0x96 -> stack.add(readBytes(in, in.getLong())); // BINBYTES8, BYTEARRAY8
          case '}' -> stack.add(new LinkedHashMap<>()); // EMPTY_DICT
          case ']' -> stack.add(new ArrayList<>()); // EMPTY_LIST
          case ')' -> stack.add(List.of()); // EMPTY_TUPLE
          case 0x8f -> stack.add(new LinkedHashSet<>()); // EMPTY_SET
          case 'd' -> { // DICT
            List<Object> items = popMark(stack, marks);
            Map<Object, Object> m = new LinkedHashMap<>();
            for (int i = 0; i + 1 < items.size(); i += 2) {
              m.put(items.get(i), items.get(i + 1));
            }
            stack.add(m);
          }
          case 'l' -> stack.add(new ArrayList<>(popMark(stack, marks))); // LIST
          case 't' -> stack.add(tuple(popMark(stack, marks))); // TUPLE
          case 0x85 -> stack.add(tuple(listOf(pop(stack)))); // TUPLE1
          case 0x86 -> { // TUPLE2
            Object b = pop(stack);
            Object a = pop(stack);
            stack.add(tuple(listOf(a, b)));
          }
          case 0x87 -> { // TUPLE3
            Object c = pop(stack);
            Object b = pop(stack);
            Object a = pop(stack);
            stack.add(tuple(listOf(a, b, c)));
          }
          case 0x91 -> stack.add(Collections.unmodifiableSet(new LinkedHashSet<>(popMark(stack, marks)))); // FROZENSET
          case 's' -> { // SETITEM
            Object v = pop(stack);
            Object k = pop(stack);
            asMap(peek(stack)).put(k, v);
          }
          case 'u' -> { // SETITEMS
            List<Object> items = popMark(stack, marks);
            Map<Object, Object> m = asMap(peek(stack));
            for (int i = 0; i + 1 < items.size(); i += 2) {
              m.put(items.get(i), items.get(i + 1));
            }
          }
          case 'a' -> { // APPEND
            Object v = pop(stack);
            asList(peek(stack)).add(v);
          }
          case 'e' -> { // APPENDS
            List<Object> items = popMark(stack, marks);
            asList(peek(stack)).addAll(items);
          }
          case 0x90 -> { // ADDITEMS
            List<Object> items = popMark(stack, marks);
            asSet(peek(stack)).addAll(items);
          }
          case 'q' -> memo.put((long) (in.get() & 0xff), peek(stack)); // BINPUT
          case 'r' -> memo.put(in.getInt() & 0xffffffffL, peek(stack)); // LONG_BINPUT
          case 'p' -> memo.put(Long.parseLong(readLine(in).trim()), peek(stack)); // PUT
          case 0x94 -> memo.put((long) memo.size(), peek(stack)); // MEMOIZE
          case 'h' -> stack.add(memoGet(memo, in.get() & 0xff)); // BINGET
          case 'j' -> stack.add(memoGet(memo, in.getInt() & 0xffffffffL)); // LONG_BINGET
          case 'g' -> stack.add(memoGet(memo, Long.parseLong(readLine(in).trim()))); // GET
          case 'c' -> stack.add(global(readLine(in), readLine(in))); // GLOBAL
          case 0x93 -> { // STACK_GLOBAL
            Object name = pop(stack);
            Object module = pop(stack);
            stack.add(global(String.valueOf(module), String.valueOf(name)));
          }
          case 'R' -> { // REDUCE
            Object args = pop(stack);
            Object callable = pop(stack);
            stack.add(call(callable, args));
          }
          case 0x81 -> { // NEWOBJ
            Object args = pop(stack);
            Object cls = pop(stack);
            stack.add(call(cls, args));
          }
          case 0x92 -> { // NEWOBJ_EX
            pop(stack); // kwargs: none of the allowed classes takes any
            Object args = pop(stack);
            Object cls = pop(stack);
            stack.add(call(cls, args));
          }
          case 'b' -> { // BUILD
            Object state = pop(stack);
            PickleGlobals.build(peek(stack), state);
          }
          case 'Q' -> stack.add(loadPersistent(pop(stack))); // BINPERSID
          case 'P' -> stack.add(loadPersistent(readLine(in))); // PERSID
          default -> throw fail(String.format("unsupported pickle opcode 0x%02x ('%s') at offset %d",
              op, printable(op), opPos));
        }
      }
    } catch (BufferUnderflowException e) {
      throw fail("pickle is truncated (ends inside opcode at offset " + opPos + ")");
    } catch (IndexOutOfBoundsException | ClassCastException | IllegalStateException
        | IllegalArgumentException e) {
      if (e instanceof IllegalStateException && e.getMessage() != null && e.getMessage().startsWith("pickle ")) {
        throw fail(e.getMessage());
      }
      throw fail(String.format("malformed pickle at offset %d (opcode 0x%02x '%s'): %s", opPos, op,
          printable(op), e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    }
  }

  private CheckpointException fail(String problem) {
    return CheckpointException.of(file, problem + " in " + pickleName);
  }

  private Object global(String module, String name) throws CheckpointException {
    if (!PickleGlobals.allowed(module, name)) {
      throw CheckpointException.of(file, "refusing pickle global '" + module + "." + name + "' in "
          + pickleName + ": not part of a state dict");
    }
    return new GlobalRef(module, name);
  }

  private Object call(Object callable, Object args) throws CheckpointException {
    if (!(callable instanceof GlobalRef g)) {
      throw fail("pickle calls a non-global value " + callable);
    }
    List<Object> a = args instanceof List<?> l ? new ArrayList<>(l) : List.of(args);
    try {
      return PickleGlobals.call(g, a);
    } catch (RuntimeException e) {
      throw fail("cannot interpret " + g + " with arguments of types " + typesOf(a) + " (" + e.getMessage() + ")");
    }
  }

  private Object loadPersistent(Object pid) throws IOException {
    if (persistent == null) {
      throw fail("unexpected persistent id " + pid);
    }
    return persistent.load(pid);
  }

  private static String typesOf(List<Object> a) {
    List<String> t = new ArrayList<>();
    for (Object o : a) {
      t.add(o == null ? "None" : o.getClass().getSimpleName());
    }
    return t.toString();
  }

  private static Object memoGet(Map<Long, Object> memo, long key) {
    if (!memo.containsKey(key)) {
      throw new IllegalStateException("pickle refers to memo entry " + key + ", which was never stored");
    }
    return memo.get(key);
  }

  private static Object pop(List<Object> stack) {
    Object o = stack.remove(stack.size() - 1);
    if (o == MARK) {
      throw new IllegalStateException("pickle pops a MARK as a value");
    }
    return o;
  }

  private static Object peek(List<Object> stack) {
    return stack.get(stack.size() - 1);
  }

  private static List<Object> popMark(List<Object> stack, Deque<Integer> marks) {
    if (marks.isEmpty()) {
      throw new IllegalStateException("pickle uses a MARK that was never set");
    }
    int at = marks.pop();
    List<Object> sub = stack.subList(at + 1, stack.size());
    List<Object> items = new ArrayList<>(sub);
    stack.subList(at, stack.size()).clear();
    return items;
  }

  /** Tuples are unmodifiable lists (they may hold null, so not {@code List.of}). */
  private static List<Object> tuple(List<Object> items) {
    return Collections.unmodifiableList(new ArrayList<>(items));
  }

  private static List<Object> listOf(Object... items) {
    List<Object> l = new ArrayList<>(items.length);
    Collections.addAll(l, items);
    return l;
  }

  @SuppressWarnings("unchecked")
  private static Map<Object, Object> asMap(Object o) {
    if (o instanceof Map<?, ?> m) {
      return (Map<Object, Object>) m;
    }
    throw new IllegalStateException("pickle sets items on a " + typeName(o));
  }

  @SuppressWarnings("unchecked")
  private static List<Object> asList(Object o) {
    if (o instanceof ArrayList<?> l) {
      return (List<Object>) l;
    }
    throw new IllegalStateException("pickle appends to a " + typeName(o));
  }

  @SuppressWarnings("unchecked")
  private static Collection<Object> asSet(Object o) {
    if (o instanceof Set<?> s) {
      return (Collection<Object>) s;
    }
    throw new IllegalStateException("pickle adds set items to a " + typeName(o));
  }

  private static String typeName(Object o) {
    return o == null ? "None" : o.getClass().getSimpleName();
  }

  private static Object readLong(ByteBuffer in, long n) {
    byte[] le = readBytes(in, n);
    if (le.length == 0) {
      return 0L;
    }
    byte[] be = new byte[le.length];
    for (int i = 0; i < le.length; i++) {
      be[i] = le[le.length - 1 - i];
    }
    BigInteger v = new BigInteger(be);
    return v.bitLength() < 64 ? (Object) v.longValue() : v;
  }

  private static Object parseTextInt(String s) {
    String t = s.trim();
    if (t.equals("00")) {
      return Boolean.FALSE;
    }
    if (t.equals("01")) {
      return Boolean.TRUE;
    }
    return parseTextLong(t);
  }

  private static Object parseTextLong(String s) {
    String t = s.trim();
    if (t.endsWith("L")) {
      t = t.substring(0, t.length() - 1);
    }
    BigInteger v = new BigInteger(t);
    return v.bitLength() < 64 ? (Object) v.longValue() : v;
  }

  private static String unquote(String s) {
    String t = s.trim();
    if (t.length() >= 2 && (t.charAt(0) == '\'' || t.charAt(0) == '"')) {
      return t.substring(1, t.length() - 1);
    }
    return t;
  }

  private static byte[] readBytes(ByteBuffer in, long n) {
    if (n < 0 || n > in.remaining()) {
      throw new BufferUnderflowException();
    }
    byte[] b = new byte[(int) n];
    in.get(b);
    return b;
  }

  private static String readString(ByteBuffer in, long n) {
    return new String(readBytes(in, n), StandardCharsets.UTF_8);
  }

  private static String readLine(ByteBuffer in) {
    StringBuilder sb = new StringBuilder();
    while (true) {
      byte b = in.get();
      if (b == '\n') {
        return sb.toString();
      }
      sb.append((char) (b & 0xff));
    }
  }

  private static String printable(int op) {
    return op >= 0x20 && op < 0x7f ? String.valueOf((char) op) : "\\x" + String.format("%02x", op);
  }
}
