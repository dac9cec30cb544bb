package io.solider.nn.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns little-endian tensor bytes into an ND4J array. The bytes are copied once, unconverted,
 * into an array of the stored type (ND4J has half, bfloat16 and all integer types), and ND4J's
 * native cast does any conversion: exact for half/bfloat16 to float, round-to-nearest for
 * double to float.
 */
final class TensorMaterializer {

  private TensorMaterializer() {}

  static INDArray toArray(ByteBuffer bytes, TensorDType dtype, long[] shape, long[] strides,
      boolean contiguous, DataType target) {
    if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
      throw new UnsupportedOperationException("big-endian hosts are not supported");
    }
    long numel = 1;
    for (long d : shape) {
      numel *= d;
    }
    ByteBuffer dense = contiguous ? bytes : gather(bytes, shape, strides, dtype.size(), numel);
    INDArray arr = Nd4j.create(dtype.nd4jType(), shape, 'c');
    if (numel > 0) {
      ByteBuffer dst = arr.data().asNio().order(ByteOrder.nativeOrder());
      dst.position(0);
      ByteBuffer src = dense.duplicate();
      src.position(0).limit((int) (numel * dtype.size()));
      dst.put(src);
    }
    return arr.dataType() == target ? arr : arr.castTo(target);
  }

  /** Copies a strided tensor into dense C order, element by element (rare: views, transposes). */
  private static ByteBuffer gather(ByteBuffer src, long[] shape, long[] strides, int es, long numel) {
    ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(numel * es));
    byte[] el = new byte[es];
    int rank = shape.length;
    long[] idx = new long[rank];
    long pos = 0;
    for (long i = 0; i < numel; i++) {
      src.get(Math.toIntExact(pos * es), el);
      out.put(el);
      for (int d = rank - 1; d >= 0; d--) {
        idx[d]++;
        pos += strides[d];
        if (idx[d] < shape[d]) {
          break;
        }
        pos -= strides[d] * shape[d];
        idx[d] = 0;
      }
    }
    return out.flip();
  }
}
