package io.solider.nn.io;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;

/**
 * The check that input arrays hold only finite numbers. One NaN pixel makes every feature of its
 * batch NaN (attention mixes all tokens, batch statistics all samples), and one NaN feature turns a
 * ranking into an arbitrary order, yet both run to the end and look like results; so commands
 * refuse such input up front, naming the sample.
 */
public final class FiniteValues {

  private FiniteValues() {}

  /**
   * Fails unless every value of {@code x} is finite.
   *
   * @param what names the input in the message (a file, an option)
   * @param sampleName what one index along dimension 0 is called ("sample", "query row")
   * @throws IllegalArgumentException naming the first sample (index along dimension 0) and the
   *     position within it of the first NaN or infinite value
   */
  public static void require(INDArray x, String what, String sampleName) {
    if (x.isEmpty() || !x.dataType().isFPType() || !BooleanIndexing.or(x, Conditions.notFinite())) {
      return;
    }
    long n = x.rank() == 0 ? 1 : x.size(0);
    for (long i = 0; i < n; i++) {
      INDArray sample = x.rank() <= 1 ? x : x.slice(i);
      double[] v = sample.dup('c').data().asDouble();
      for (int j = 0; j < v.length; j++) {
        if (!Double.isFinite(v[j])) {
          long[] within = unravel(j, sample.shape());
          throw new IllegalArgumentException(what + ": " + sampleName + " " + (x.rank() <= 1 ? j : i) + " holds "
              + (Double.isNaN(v[j]) ? "NaN" : v[j] > 0 ? "+Inf" : "-Inf")
              + (x.rank() > 1 ? " (at " + Arrays.toString(within) + " within it)" : "")
              + "; non-finite input is refused");
        }
      }
      if (x.rank() <= 1) {
        break;
      }
    }
  }

  /** The C-order multi-index of flat position {@code flat} in {@code shape}. */
  private static long[] unravel(long flat, long[] shape) {
    long[] idx = new long[shape.length];
    for (int d = shape.length - 1; d >= 0; d--) {
      idx[d] = flat % shape[d];
      flat /= shape[d];
    }
    return idx;
  }
}
