package io.solider.nn.util;

import java.util.Collection;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Frees ND4J arrays now instead of when the garbage collector finds them. ND4J's off-heap buffers
 * are released by the collector only, and a small Java heap sees too little pressure to run it
 * while gigabytes of native memory wait; a training loop that closes each step's arrays keeps its
 * resident memory flat without depending on GC timing.
 */
public final class NdArrays {

  private NdArrays() {}

  /** Closes {@code a} if it owns its buffer (not a view, not attached to a workspace); null is ignored. */
  public static void close(INDArray a) {
    if (a != null && a.closeable()) {
      a.close();
    }
  }

  /** Closes every closeable array of {@code arrays} (nulls ignored). */
  public static void closeAll(Collection<INDArray> arrays) {
    for (INDArray a : arrays) {
      close(a);
    }
  }
}
