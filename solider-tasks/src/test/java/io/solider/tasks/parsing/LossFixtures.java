package io.solider.tasks.parsing;

import io.solider.nn.io.Npy;
import io.solider.tasks.common.ReferenceArrays;
import io.solider.tasks.parsing.head.ScoreMaps;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Arrays of {@code parsing/loss/} (make_loss_reference.py) and {@code parsing/transform/}. */
public final class LossFixtures {

  private LossFixtures() {}

  /** The (N, C, H, W) float array {@code parsing/NAME.npy}. */
  public static ScoreMaps maps(String name) {
    INDArray a = read(name);
    long[] s = a.shape();
    return new ScoreMaps((int) s[0], (int) s[1], (int) s[2], (int) s[3], a.dup('c').data().asFloat());
  }

  /** The int array {@code parsing/NAME.npy}, flattened. */
  public static int[] ints(String name) {
    return read(name).dup('c').data().asInt();
  }

  /** Asserts equal arrays; names the first differing index (fast on large arrays, unlike containsExactly). */
  public static void assertSame(float[] actual, float[] expected, String what) {
    int i = java.util.Arrays.mismatch(actual, expected);
    if (i >= 0) {
      throw new AssertionError(what + ": first difference at index " + i + " of " + expected.length + ": "
          + (i < actual.length ? actual[i] : "none") + " instead of " + (i < expected.length ? expected[i] : "none"));
    }
  }

  /** Asserts equal arrays; names the first differing index. */
  public static void assertSame(int[] actual, int[] expected, String what) {
    int i = java.util.Arrays.mismatch(actual, expected);
    if (i >= 0) {
      throw new AssertionError(what + ": first difference at index " + i + " of " + expected.length + ": "
          + (i < actual.length ? actual[i] : "none") + " instead of " + (i < expected.length ? expected[i] : "none"));
    }
  }

  /** Largest |a − b| ({@link ReferenceArrays#maxAbsDiff}). */
  public static double maxAbsDiff(float[] a, float[] b) {
    return ReferenceArrays.maxAbsDiff(a, b);
  }

  private static INDArray read(String name) {
    try {
      return Npy.read(ParsingReference.path(name + ".npy"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
