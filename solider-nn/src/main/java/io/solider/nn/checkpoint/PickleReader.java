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
import java.util.regex.Pattern;

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
  /** Longest binary integer (LONG1/LONG4) accepted, in bytes. */
  private static final int MAX_INT_BYTES = 256;
  /** Longest text argument (protocol 0 integers, floats, names, strings). */
  private static final int MAX_LINE = 1 << 20;
  /** Python's int() syntax, up to 4300 digits as Python limits int-string conversion. */
  private static final Pattern TEXT_INT = Pattern.compile("[+-]?\\d{1,4300}");
  private static final Pattern TEXT_FLOAT = Pattern.compile(
      "[+-]?(\\d{1,400}(\\.\\d{0,400})?|\\.\\d{1,400})([eE][+-]?\\d{1,4})?|[+-]?(inf|nan)",
      Pattern.CASE_INSENSITIVE);

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

  /**
   * Unpickles one object starting at the buffer's position; leaves the position after STOP.
   *
   * @throws CheckpointException for anything that is not a well-formed state-dict pickle (naming
   *     the file, the pickle and the offset), never an unchecked exception
   */
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
            Object root = pop(stack);
            PickleStructure.check(root);
            return root;
          }
          case '(' -> { // MARK
            marks.push(stack.size());
            stack.add(MARK);
          }
          case '0' -> pop(stack); // POP
          case '1' -> popMark(stack, marks); // POP_MARK
          case '2' -> stack.add(peek(stack)); // DUP
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
          case 'F' -> stack.add(parseTextFloat(readLine(in)));
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
            Map<Object, Object> m = new LinkedHashMap<>();
            putPairs(m, popMark(stack, marks));
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
          case 0x91 -> stack.add(Collections.unmodifiableSet(hashableSet(popMark(stack, marks)))); // FROZENSET
          case 's' -> { // SETITEM
            Object v = pop(stack);
            Object k = pop(stack);
            PickleValues.requireHashable(k, "a dict key");
            asMap(peek(stack)).put(k, v);
          }
          case 'u' -> { // SETITEMS
            List<Object> items = popMark(stack, marks);
            putPairs(asMap(peek(stack)), items);
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
            asSet(peek(stack)).addAll(hashableSet(items));
          }
          case 'q' -> memo.put((long) (in.get() & 0xff), peek(stack)); // BINPUT
          case 'r' -> memo.put(in.getInt() & 0xffffffffL, peek(stack)); // LONG_BINPUT
          case 'p' -> memo.put(parseMemoKey(readLine(in)), peek(stack)); // PUT
          case 0x94 -> memo.put((long) memo.size(), peek(stack)); // MEMOIZE
          case 'h' -> stack.add(memoGet(memo, in.get() & 0xff)); // BINGET
          case 'j' -> stack.add(memoGet(memo, in.getInt() & 0xffffffffL)); // LONG_BINGET
          case 'g' -> stack.add(memoGet(memo, parseMemoKey(readLine(in)))); // GET
          case 'c' -> stack.add(global(readLine(in), readLine(in))); // GLOBAL
          case 0x93 -> { // STACK_GLOBAL
            Object name = pop(stack);
            Object module = pop(stack);
            if (!(module instanceof String m) || !(name instanceof String n)) {
              throw new MalformedPickle("STACK_GLOBAL needs a module and a name (two str), got "
                  + PickleValues.typeName(module) + " and " + PickleValues.typeName(name));
            }
            stack.add(global(m, n));
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
    } catch (MalformedPickle e) {
      throw fail(String.format("malformed pickle at offset %d (opcode '%s'): %s", opPos, printable(op),
          e.getMessage()));
    } catch (RuntimeException e) {
      // A case none of the checks above anticipated: still the reader's own exception, flagged.
      throw CheckpointException.unexpected(file, String.format("malformed pickle at offset %d (opcode '%s') in %s",
          opPos, printable(op), pickleName), e);
    }
  }

  private CheckpointException fail(String problem) {
    return CheckpointException.of(file, problem + " in " + pickleName);
  }

  private Object global(String module, String name) throws CheckpointException {
    if (!PickleGlobals.allowed(module, name)) {
      String q = (module + "." + name).replaceAll("[^A-Za-z0-9_.]", "?"); // Python names; nothing else echoed
      throw CheckpointException.of(file, "refusing pickle global '" + (q.length() > 120 ? q.substring(0, 120) + "…" : q)
          + "' in " + pickleName + ": not part of a state dict");
    }
    return new GlobalRef(module, name);
  }

  private Object call(Object callable, Object args) {
    if (!(callable instanceof GlobalRef g)) {
      throw new MalformedPickle("pickle calls " + PickleValues.describe(callable) + ", which is not a global");
    }
    if (!(args instanceof List<?> l) || !PickleValues.isTuple(l)) {
      throw new MalformedPickle(g + " is called with " + PickleValues.describe(args) + " instead of an argument tuple");
    }
    return PickleGlobals.call(g, new ArrayList<>(l));
  }

  private Object loadPersistent(Object pid) throws IOException {
    if (persistent == null) {
      throw fail("unexpected persistent id " + PickleValues.describe(pid));
    }
    return persistent.load(pid);
  }

  private static Object memoGet(Map<Long, Object> memo, long key) {
    if (!memo.containsKey(key)) {
      throw new MalformedPickle("refers to memo entry " + key + ", which was never stored");
    }
    return memo.get(key);
  }

  private static Object pop(List<Object> stack) {
    if (stack.isEmpty()) {
      throw new MalformedPickle("pops a value from an empty stack");
    }
    Object o = stack.remove(stack.size() - 1);
    if (o == MARK) {
      throw new MalformedPickle("pops a MARK as a value");
    }
    return o;
  }

  private static Object peek(List<Object> stack) {
    if (stack.isEmpty()) {
      throw new MalformedPickle("uses a value of an empty stack");
    }
    Object o = stack.get(stack.size() - 1);
    if (o == MARK) {
      throw new MalformedPickle("uses a MARK as a value");
    }
    return o;
  }

  private static List<Object> popMark(List<Object> stack, Deque<Integer> marks) {
    if (marks.isEmpty()) {
      throw new MalformedPickle("uses a MARK that was never set");
    }
    int at = marks.pop();
    if (at >= stack.size() || stack.get(at) != MARK) {
      throw new MalformedPickle("uses a MARK whose place on the stack was popped");
    }
    List<Object> sub = stack.subList(at + 1, stack.size());
    List<Object> items = new ArrayList<>(sub);
    stack.subList(at, stack.size()).clear();
    for (Object o : items) {
      if (o == MARK) {
        throw new MalformedPickle("leaves a MARK among the items of a container");
      }
    }
    return items;
  }

  /** Key-value pairs of DICT / SETITEMS into {@code m}; keys must be hashable. */
  private static void putPairs(Map<Object, Object> m, List<Object> items) {
    if (items.size() % 2 != 0) {
      throw new MalformedPickle("gives a dict an odd number (" + items.size() + ") of keys and values");
    }
    for (int i = 0; i < items.size(); i += 2) {
      PickleValues.requireHashable(items.get(i), "a dict key");
      m.put(items.get(i), items.get(i + 1));
    }
  }

  private static Set<Object> hashableSet(List<Object> items) {
    for (Object o : items) {
      PickleValues.requireHashable(o, "a set element");
    }
    return new LinkedHashSet<>(items);
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
    throw new MalformedPickle("sets dict items on " + PickleValues.describe(o));
  }

  @SuppressWarnings("unchecked")
  private static List<Object> asList(Object o) {
    if (o instanceof ArrayList<?> l) {
      return (List<Object>) l;
    }
    throw new MalformedPickle("appends to " + PickleValues.describe(o));
  }

  @SuppressWarnings("unchecked")
  private static Collection<Object> asSet(Object o) {
    if (o instanceof LinkedHashSet<?> s) { // a frozenset is unmodifiable
      return (Collection<Object>) s;
    }
    throw new MalformedPickle("adds set items to " + PickleValues.describe(o));
  }

  private static Object readLong(ByteBuffer in, long n) {
    if (n > MAX_INT_BYTES) {
      throw new MalformedPickle("holds an integer of " + n + " bytes (more than " + MAX_INT_BYTES
          + " is not a state dict's)");
    }
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
    if (!TEXT_INT.matcher(t).matches()) {
      throw new MalformedPickle("holds a malformed integer " + PickleValues.describe(s));
    }
    BigInteger v = new BigInteger(t);
    return v.bitLength() < 64 ? (Object) v.longValue() : v;
  }

  private static double parseTextFloat(String s) {
    String t = s.trim();
    if (!TEXT_FLOAT.matcher(t).matches()) {
      throw new MalformedPickle("holds a malformed float " + PickleValues.describe(s));
    }
    String lower = t.toLowerCase(java.util.Locale.ROOT);
    if (lower.endsWith("inf")) {
      return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    return lower.endsWith("nan") ? Double.NaN : Double.parseDouble(t);
  }

  private static long parseMemoKey(String s) {
    String t = s.trim();
    if (!t.matches("\\d{1,18}")) {
      throw new MalformedPickle("holds a malformed memo key " + PickleValues.describe(s));
    }
    return Long.parseLong(t);
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
      if (sb.length() == MAX_LINE) {
        throw new MalformedPickle("holds a text line longer than " + MAX_LINE + " characters");
      }
      sb.append((char) (b & 0xff));
    }
  }

  private static String printable(int op) {
    // '$' is shown as a code too: in a one-line message it reads like a Java inner-class name.
    return op >= 0x20 && op < 0x7f && op != '$' ? String.valueOf((char) op) : "\\x" + String.format("%02x", op);
  }
}
