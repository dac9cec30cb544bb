package io.solider.nn.checkpoint.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Makes malformed variants of a seed checkpoint. Blind mutations (bit flips, odd byte values,
 * truncation, cut and repeated ranges) work on any file; structured ones reach past the container
 * into what the reader interprets: the zip's {@code data.pkl} (flips, cuts, integer arguments set
 * to huge or negative values, opcodes swapped, storage classes and keys changed), generated pickles
 * (dicts nested thousands deep, a dict that contains itself or is its own key, exponential shared
 * structure, tensors with impossible sizes, strides and offsets, calls with wrong arguments),
 * the {@code version} record, storage records, a legacy file's element counts, {@code .npy} headers
 * and safetensors headers.
 */
public final class CheckpointMutator {

  /** What a seed file is, which decides the structured mutations it gets. */
  public enum Kind { TORCH_ZIP, TORCH_LEGACY, NPZ, SAFETENSORS }

  /** A seed: a valid checkpoint the mutants derive from. */
  public record Seed(String name, Kind kind, byte[] bytes) {}

  /** A mutant: the mutation's name (for the tally) and the bytes. */
  public record Mutant(String mutation, byte[] bytes) {}

  private static final long[] INTERESTING = {0, 1, -1, 2, 255, 65535, Integer.MAX_VALUE, Integer.MIN_VALUE, 1L << 32,
      1L << 40, 1L << 62, Long.MAX_VALUE, Long.MIN_VALUE, -(1L << 40)};
  private static final String[] STORAGE_CLASSES = {"FloatStorage", "HalfStorage", "BFloat16Storage", "DoubleStorage",
      "LongStorage", "IntStorage", "ShortStorage", "CharStorage", "ByteStorage", "BoolStorage", "UntypedStorage",
      "ComplexFloatStorage", "QInt8Storage", "Storage", "Tensor"};

  private final SplittableRandom random;

  public CheckpointMutator(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** One mutant of {@code seed}. */
  public Mutant mutate(Seed seed) {
    int family = random.nextInt(10);
    if (family < 3) {
      return blind(seed.bytes());
    }
    return switch (seed.kind()) {
      case TORCH_ZIP -> torchZip(seed.bytes());
      case TORCH_LEGACY -> legacy(seed.bytes());
      case NPZ -> npz(seed.bytes());
      case SAFETENSORS -> safetensors(seed.bytes());
    };
  }

  // ---- blind mutations -------------------------------------------------------------------

  private Mutant blind(byte[] b) {
    return switch (random.nextInt(5)) {
      case 0 -> new Mutant("flip", flip(b));
      case 1 -> new Mutant("interesting-bytes", interestingBytes(b));
      case 2 -> new Mutant("truncate", Arrays.copyOf(b, random.nextInt(Math.max(1, b.length))));
      case 3 -> new Mutant("cut-range", cutRange(b));
      default -> new Mutant("repeat-range", repeatRange(b));
    };
  }

  private byte[] flip(byte[] b) {
    byte[] m = b.clone();
    for (int i = 1 + random.nextInt(8); i > 0 && m.length > 0; i--) {
      m[random.nextInt(m.length)] ^= (byte) (1 + random.nextInt(255));
    }
    return m;
  }

  private byte[] interestingBytes(byte[] b) {
    byte[] m = b.clone();
    byte[] values = {0, (byte) 0xff, 0x7f, (byte) 0x80, 1, '\n'};
    for (int i = 1 + random.nextInt(4); i > 0 && m.length > 0; i--) {
      m[random.nextInt(m.length)] = values[random.nextInt(values.length)];
    }
    return m;
  }

  private byte[] cutRange(byte[] b) {
    if (b.length < 2) {
      return b.clone();
    }
    int from = random.nextInt(b.length);
    int to = Math.min(b.length, from + 1 + random.nextInt(Math.max(1, b.length / 8)));
    return concat(Arrays.copyOfRange(b, 0, from), Arrays.copyOfRange(b, to, b.length));
  }

  private byte[] repeatRange(byte[] b) {
    if (b.length < 2) {
      return b.clone();
    }
    int from = random.nextInt(b.length);
    int to = Math.min(b.length, from + 1 + random.nextInt(Math.max(1, b.length / 8)));
    return concat(Arrays.copyOfRange(b, 0, to), Arrays.copyOfRange(b, from, b.length));
  }

  // ---- torch zip ---------------------------------------------------------------------------

  private Mutant torchZip(byte[] zip) {
    Map<String, byte[]> entries = ZipBytes.read(zip);
    String pklName = ZipBytes.find(entries, "data.pkl");
    if (pklName == null) {
      return blind(zip);
    }
    String prefix = pklName.substring(0, pklName.length() - "data.pkl".length());
    byte[] pkl = entries.get(pklName);
    int pick = random.nextInt(15);
    String name;
    switch (pick) {
      case 0 -> {
        name = "pickle-flip";
        entries.put(pklName, flip(pkl));
      }
      case 1 -> {
        name = "pickle-truncate";
        entries.put(pklName, Arrays.copyOf(pkl, random.nextInt(Math.max(1, pkl.length))));
      }
      case 2, 3 -> {
        name = "pickle-int";
        entries.put(pklName, integerArgument(pkl, 1));
      }
      case 4 -> {
        name = "pickle-opcode";
        entries.put(pklName, opcode(pkl, 1));
      }
      case 5 -> {
        name = "dtype";
        entries.put(pklName, storageClass(pkl));
      }
      case 6 -> {
        name = "storage-key";
        entries.put(pklName, storageKey(pkl));
      }
      case 7 -> {
        name = "version";
        String[] versions = {"11", "0", "abc", "", "99999999999", "3\n4", "-1", "+3", "1000"};
        entries.put(prefix + "version", versions[random.nextInt(versions.length)].getBytes(StandardCharsets.US_ASCII));
      }
      case 8 -> {
        name = "record-cut";
        List<String> records = new ArrayList<>();
        entries.keySet().stream().filter(n -> n.startsWith(prefix + "data/")).forEach(records::add);
        if (records.isEmpty()) {
          return blind(zip);
        }
        String r = records.get(random.nextInt(records.size()));
        entries.put(r, Arrays.copyOf(entries.get(r), random.nextInt(Math.max(1, entries.get(r).length))));
      }
      case 9 -> {
        name = "nesting";
        entries.put(pklName, nested(50 + random.nextInt(20_000)));
      }
      case 10 -> {
        name = "cycle";
        entries.put(pklName, cycle());
      }
      case 11 -> {
        name = "dag";
        entries.put(pklName, exponentialDag(20 + random.nextInt(60)));
      }
      case 12, 13 -> {
        name = "bad-tensor";
        entries.put(pklName, badTensor());
      }
      default -> {
        name = "bad-call";
        entries.put(pklName, badCall());
      }
    }
    return new Mutant(name, ZipBytes.write(entries));
  }

  /** Replaces an integer opcode with one holding an interesting value (sizes, strides, offsets, keys). */
  private byte[] integerArgument(byte[] pkl, int pickles) {
    List<PickleOps.Op> ints = new ArrayList<>();
    for (PickleOps.Op op : PickleOps.scan(pkl, pickles)) {
      if (op.code() == 'K' || op.code() == 'M' || op.code() == 'J' || op.code() == 0x8a) {
        ints.add(op);
      }
    }
    if (ints.isEmpty()) {
      return flip(pkl);
    }
    PickleOps.Op op = ints.get(random.nextInt(ints.size()));
    long v = random.nextInt(4) == 0 ? random.nextLong() : INTERESTING[random.nextInt(INTERESTING.length)];
    byte[] replacement = new PickleBuilder().integer(v).stop();
    replacement = Arrays.copyOfRange(replacement, 2, replacement.length - 1); // without PROTO and STOP
    return splice(pkl, op.pos(), op.argPos() + op.argLen(), replacement);
  }

  /** Replaces one opcode byte with another opcode (any byte, or one from the interpreted set). */
  private byte[] opcode(byte[] pkl, int pickles) {
    List<PickleOps.Op> ops = PickleOps.scan(pkl, pickles);
    if (ops.isEmpty()) {
      return flip(pkl);
    }
    byte[] m = pkl.clone();
    String common = "}](tlds.0123NKJMaeuqhRbQc\u0085\u0086\u0087";
    m[ops.get(random.nextInt(ops.size())).pos()] = random.nextBoolean() ? (byte) random.nextInt(256)
        : (byte) common.charAt(random.nextInt(common.length()));
    return m;
  }

  /** Swaps a storage class name for another, valid or not (wrong dtypes). */
  private byte[] storageClass(byte[] pkl) {
    String text = new String(pkl, StandardCharsets.ISO_8859_1);
    List<Integer> at = new ArrayList<>();
    for (String cls : STORAGE_CLASSES) {
      for (int i = text.indexOf(cls); i >= 0; i = text.indexOf(cls, i + 1)) {
        at.add(i);
      }
    }
    if (at.isEmpty()) {
      return flip(pkl);
    }
    int pos = at.get(random.nextInt(at.size()));
    int end = pos;
    while (end < pkl.length && Character.isLetterOrDigit(pkl[end])) {
      end++;
    }
    String to = STORAGE_CLASSES[random.nextInt(STORAGE_CLASSES.length)];
    byte[] m = splice(pkl, pos, end, to.getBytes(StandardCharsets.ISO_8859_1));
    // a length-prefixed name (SHORT_BINUNICODE) gets its new length
    if (pos > 0 && (pkl[pos - 1] & 0xff) == end - pos && pos > 1 && (pkl[pos - 2] & 0xff) == 0x8c) {
      m[pos - 1] = (byte) to.length();
    }
    return m;
  }

  /** Renames a storage key in a persistent id so that it names a missing or odd record. */
  private byte[] storageKey(byte[] pkl) {
    List<PickleOps.Op> keys = new ArrayList<>();
    List<PickleOps.Op> ops = PickleOps.scan(pkl, 1);
    for (int i = 0; i + 1 < ops.size(); i++) {
      PickleOps.Op op = ops.get(i);
      if ((op.code() == 'X' || op.code() == 0x8c) && op.argLen() <= 6 && i > 0) {
        keys.add(op);
      }
    }
    if (keys.isEmpty()) {
      return flip(pkl);
    }
    PickleOps.Op op = keys.get(random.nextInt(keys.size()));
    String[] names = {"999", "../data.pkl", "", "0/../1", "-1", "\u0000"};
    byte[] replacement = new PickleBuilder().str(names[random.nextInt(names.length)]).stop();
    return splice(pkl, op.pos(), op.argPos() + op.argLen(), Arrays.copyOfRange(replacement, 2, replacement.length - 1));
  }

  /** {@code {'k': {'k': {... depth ...}}}}: dicts nested {@code depth} levels. */
  private byte[] nested(int depth) {
    PickleBuilder p = new PickleBuilder();
    int kind = random.nextInt(3);
    if (kind == 2) { // a tuple nested deep, as a dict key
      p.op('}');
      for (int i = 0; i < depth; i++) {
        p.op('(');
      }
      for (int i = 0; i < depth; i++) {
        p.op('t');
      }
      return p.integer(1).op('s').stop();
    }
    p.op(kind == 0 ? '}' : ']');
    for (int i = 0; i < depth; i++) {
      if (kind == 0) {
        p.str("k").op('}');
      } else {
        p.op(']');
      }
    }
    for (int i = 0; i < depth; i++) {
      p.op(kind == 0 ? 's' : 'a');
    }
    return p.stop();
  }

  /** A dict that contains itself, is its own key, or closes a cycle through other containers. */
  private byte[] cycle() {
    PickleBuilder p = new PickleBuilder();
    return switch (random.nextInt(5)) {
      case 0 -> p.op('}').put(0).str("teacher").get(0).op('s').stop(); // d['teacher'] = d
      case 1 -> p.op('}').put(0).get(0).integer(1).op('s').stop(); // d[d] = 1
      case 2 -> p.op('}').put(0).str("a").op('}').str("b").get(0).op('s').op('s').stop(); // d = {'a': {'b': d}}
      case 3 -> p.op(']').put(0).get(0).op('a').stop(); // l = [l]
      default -> p.global("argparse", "Namespace").op(')').op(0x81).put(0) // ns.__dict__ = {'self': ns}
          .op('}').str("self").get(0).op('s').op('b').stop();
    };
  }

  /** {@code d[i+1] = {'a': d[i], 'b': d[i]}}: flattening it naively takes 2^levels steps. */
  private byte[] exponentialDag(int levels) {
    PickleBuilder p = new PickleBuilder();
    p.op('}').str("w").integer(1).op('s').put(0);
    for (int i = 0; i < levels; i++) {
      p.op('0').op('}').op('(').str("a").get(i % 2).str("b").get(i % 2).op('u').put((i + 1) % 2);
    }
    return p.stop();
  }

  /** {@code {'t': tensor}} whose layout or storage is impossible. */
  private byte[] badTensor() {
    long[][] sizes = {{1L << 62, 4}, {1L << 40, 1L << 40}, {3, 2}, {2, 2}, {2, 2}, {-1}, {1 << 20}, {2, 3},
        new long[100], {Long.MAX_VALUE}, {4}};
    long[][] strides = {{4, 1}, {1L << 40, 1}, {-1, 1}, {Long.MAX_VALUE, 1}, {1}, {1}, {0}, {3, 1}, new long[100],
        {1}, {Long.MIN_VALUE}};
    int i = random.nextInt(sizes.length);
    long offset = switch (random.nextInt(4)) {
      case 0 -> -5;
      case 1 -> 1L << 62;
      default -> 0;
    };
    String cls = STORAGE_CLASSES[random.nextInt(STORAGE_CLASSES.length)];
    long numel = INTERESTING[random.nextInt(INTERESTING.length)];
    return new PickleBuilder().op('}').str("t").tensor(cls, "0", numel, offset, sizes[i], strides[i]).op('s').stop();
  }

  /** A whitelisted global called with arguments of the wrong kind or number. */
  private byte[] badCall() {
    PickleBuilder p = new PickleBuilder().op('}').str("v");
    switch (random.nextInt(8)) {
      case 0 -> p.global("torch._utils", "_rebuild_tensor_v2").op('(').str("not a storage").integer(0)
          .intTuple(2).intTuple(1).op('t').op('R');
      case 1 -> p.global("collections", "OrderedDict").op(']').integer(3).op('a').op(0x85).op('R');
      case 2 -> p.global("torch", "device").op('}').op(0x85).op('R');
      case 3 -> p.global("_codecs", "encode").op('(').str("x").str("no-such-codec").op('t').op('R');
      case 4 -> p.global("numpy", "dtype").integer(4).op(0x85).op('R');
      case 5 -> p.global("builtins", "set").op(']').op(']').op('a').op(0x85).op('R');
      case 6 -> p.global("torch._utils", "_rebuild_parameter").op(')').op('R');
      default -> p.global("torch", "Size").str("x").op(0x85).op(0x85).op('R');
    }
    return p.op('s').stop();
  }

  // ---- legacy, npz, safetensors -------------------------------------------------------------

  private Mutant legacy(byte[] file) {
    return switch (random.nextInt(4)) {
      case 0 -> new Mutant("pickle-int", integerArgument(file, 5));
      case 1 -> new Mutant("pickle-opcode", opcode(file, 5));
      case 2 -> new Mutant("dtype", storageClass(file));
      default -> new Mutant("legacy-numel", legacyCount(file));
    };
  }

  /** Sets one of the int64 element counts that precede a legacy file's storages to an odd value. */
  private byte[] legacyCount(byte[] file) {
    List<PickleOps.Op> ops = PickleOps.scan(file, 5);
    if (ops.isEmpty()) {
      return flip(file);
    }
    int at = ops.get(ops.size() - 1).pos() + 1;
    if (at + 8 > file.length) {
      return flip(file);
    }
    byte[] m = file.clone();
    long v = INTERESTING[random.nextInt(INTERESTING.length)];
    for (int i = 0; i < 8; i++) {
      m[at + i] = (byte) (v >>> (8 * i));
    }
    return m;
  }

  private Mutant npz(byte[] zip) {
    Map<String, byte[]> entries = ZipBytes.read(zip);
    List<String> names = new ArrayList<>(entries.keySet());
    if (names.isEmpty()) {
      return blind(zip);
    }
    String name = names.get(random.nextInt(names.size()));
    byte[] npy = entries.get(name);
    String[] shapes = {"(9223372036854775807,)", "(-1, 3)", "(3, x)", "(,)", "(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, "
        + "15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, "
        + "44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65)", "(4294967296, 4294967296)",
        "(100000, 100000)", "()", "(0,)", "(2, 3)"};
    String[] descrs = {"<f4", ">f4", "<c16", "|O", "<U4", "<f8", "|b1", "<i8", "x", "<f2"};
    String header = "{'descr': '" + descrs[random.nextInt(descrs.length)] + "', 'fortran_order': "
        + (random.nextBoolean() ? "False" : "True") + ", 'shape': " + shapes[random.nextInt(shapes.length)] + ", }";
    byte[] h = header.getBytes(StandardCharsets.ISO_8859_1);
    byte[] head = new byte[10];
    System.arraycopy(npy, 0, head, 0, Math.min(8, npy.length));
    head[8] = (byte) h.length;
    head[9] = (byte) (h.length >> 8);
    int dataAt = npy.length >= 10 ? 10 + ((npy[8] & 0xff) | (npy[9] & 0xff) << 8) : npy.length;
    byte[] data = dataAt <= npy.length ? Arrays.copyOfRange(npy, dataAt, npy.length) : new byte[0];
    entries.put(name, concat(concat(head, h), data));
    Map<String, byte[]> out = new LinkedHashMap<>(entries);
    return new Mutant("npy-header", ZipBytes.write(out));
  }

  private Mutant safetensors(byte[] file) {
    String[] headers = {
        "{\"t\": {\"dtype\": \"F32\", \"shape\": [4611686018427387904, 4], \"data_offsets\": [0, 0]}}",
        "{\"t\": {\"dtype\": \"F32\", \"shape\": [-1], \"data_offsets\": [0, 4]}}",
        "{\"t\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [8, 4]}}",
        "{\"t\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 9223372036854775807]}}",
        "{\"t\": {\"dtype\": \"X9\", \"shape\": [1], \"data_offsets\": [0, 4]}}",
        "{\"t\": {\"dtype\": \"F32\", \"shape\": {\"a\": 1}, \"data_offsets\": [0, 4]}}",
        "{\"t\": {\"dtype\": \"F32\", \"shape\": [1.5], \"data_offsets\": [0, 4]}}",
        "{\"t\": [1, 2]}", "[1, 2, 3]", "{\"t\": {\"dtype\": 5}}",
        "{\"t\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0]}}",
        "{\"__metadata__\": [1], \"t\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]}}",
        "[".repeat(5000) + "]".repeat(5000)};
    String h = headers[random.nextInt(headers.length)];
    byte[] hb = h.getBytes(StandardCharsets.UTF_8);
    byte[] len = new byte[8];
    for (int i = 0; i < 8; i++) {
      len[i] = (byte) ((long) hb.length >>> (8 * i));
    }
    return new Mutant("st-header", concat(concat(len, hb), new byte[16]));
  }

  private static byte[] splice(byte[] b, int from, int to, byte[] insert) {
    return concat(concat(Arrays.copyOfRange(b, 0, from), insert), Arrays.copyOfRange(b, to, b.length));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
