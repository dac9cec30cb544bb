package io.solider.nn.optim;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Element access to float32 arrays for the optimisers' per-element arithmetic: a view of the
 * native memory when the array owns a C-ordered buffer (no copy), otherwise a C-ordered copy that
 * {@link Access#commit} writes back.
 */
final class FloatArrays {

  private FloatArrays() {}

  /** Reads and writes the elements of one array in C order. */
  static final class Access implements AutoCloseable {
    private final INDArray target;
    private final INDArray backing;
    private final FloatBuffer buffer;

    private Access(INDArray target, INDArray backing) {
      this.target = target;
      this.backing = backing;
      this.buffer = backing.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    float get(int i) {
      return buffer.get(i);
    }

    void set(int i, float v) {
      buffer.put(i, v);
    }

    /** Writes a copy's values back into the array (nothing to do for a direct view) and releases the copy. */
    void commit() {
      if (backing != target) {
        target.assign(backing);
      }
      close();
    }

    /** Releases a copy without writing it back (for reading only). */
    @Override
    public void close() {
      if (backing != target && !backing.wasClosed()) {
        backing.close();
      }
    }
  }

  /** Access to {@code a}'s elements; writes reach {@code a} after {@link Access#commit}. */
  static Access of(INDArray a) {
    boolean direct = a.dataType() == DataType.FLOAT && !a.isView() && a.ordering() == 'c' && a.offset() == 0
        && a.data().length() == a.length();
    return new Access(a, direct ? a : a.castTo(DataType.FLOAT).dup('c'));
  }
}
