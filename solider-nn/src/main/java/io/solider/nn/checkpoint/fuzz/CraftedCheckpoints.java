package io.solider.nn.checkpoint.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Hand-made hostile PyTorch checkpoints, one per kind of attack the reader must refuse with a
 * one-line {@link io.solider.nn.checkpoint.CheckpointException}: a dict that contains itself, a
 * dict used as its own key, containers nested thousands deep, tensors with impossible strides, an
 * unknown format version. Each is the shipped zip seed ({@code zip_p2.pth}) with its
 * {@code data.pkl} or {@code version} record replaced, so everything but the attack is valid.
 * For tests at the command's level and for docs/SECURITY.md.
 */
public final class CraftedCheckpoints {

  private CraftedCheckpoints() {}

  /** {@code d = {}; d['teacher'] = d}. */
  public static byte[] selfContaining() {
    return withPickle(new PickleBuilder().op('}').put(0).str("teacher").get(0).op('s').stop());
  }

  /** {@code d[d] = 1}: impossible in Python (a dict is unhashable), easy in a pickle. */
  public static byte[] ownKey() {
    return withPickle(new PickleBuilder().op('}').put(0).get(0).integer(1).op('s').stop());
  }

  /** {@code {'k': {'k': … {}}}} nested {@code depth} dicts deep. */
  public static byte[] nested(int depth) {
    PickleBuilder p = new PickleBuilder().op('}');
    for (int i = 0; i < depth; i++) {
      p.str("k").op('}');
    }
    for (int i = 0; i < depth; i++) {
      p.op('s');
    }
    return withPickle(p.stop());
  }

  /**
   * {@code {'weight': tensor}} of size (2, 2) with strides ({@code stride}, 1) over a float
   * storage of four elements (the seed's record {@code 0} holds at least that).
   */
  public static byte[] tensorWithStride(long stride) {
    byte[] pkl = new PickleBuilder().op('}').str("weight")
        .tensor("FloatStorage", "0", 4, 0, new long[] {2, 2}, new long[] {stride, 1}).op('s').stop();
    return withPickle(pkl);
  }

  /** The seed with its {@code version} record saying {@code version}. */
  public static byte[] version(String version) {
    Map<String, byte[]> entries = seedEntries();
    String pkl = ZipBytes.find(entries, "data.pkl");
    entries.put(pkl.substring(0, pkl.length() - "data.pkl".length()) + "version",
        version.getBytes(StandardCharsets.US_ASCII));
    return ZipBytes.write(entries);
  }

  private static byte[] withPickle(byte[] pkl) {
    Map<String, byte[]> entries = seedEntries();
    entries.put(ZipBytes.find(entries, "data.pkl"), pkl);
    return ZipBytes.write(entries);
  }

  private static Map<String, byte[]> seedEntries() {
    for (CheckpointMutator.Seed s : CheckpointFuzz.seeds()) {
      if (s.name().equals("zip_p2.pth")) {
        return ZipBytes.read(s.bytes());
      }
    }
    throw new IllegalStateException("zip_p2.pth seed missing");
  }
}
