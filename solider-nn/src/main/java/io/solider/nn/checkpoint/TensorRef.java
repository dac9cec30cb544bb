package io.solider.nn.checkpoint;

import io.solider.nn.io.Shapes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A tensor of a checkpoint that has not been read yet: its type, shape, strides and place in a
 * storage. {@link #toINDArray()} reads the bytes (only those this tensor spans) and builds a
 * C-ordered array; until then nothing but the metadata is in memory.
 */
public final class TensorRef {

  private final String name;
  private final TensorDType dtype;
  private final long[] shape;
  private final long[] strides;
  private final long storageOffset;
  private final TensorStorage storage;

  /**
   * @param strides element strides, as torch reports them
   * @param storageOffset offset of element 0, in elements
   */
  public TensorRef(String name, TensorDType dtype, long[] shape, long[] strides, long storageOffset,
      TensorStorage storage) {
    if (shape.length != strides.length) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " and strides "
          + Arrays.toString(strides) + " differ in rank");
    }
    this.name = name;
    this.dtype = dtype;
    this.shape = shape.clone();
    this.strides = strides.clone();
    this.storageOffset = storageOffset;
    this.storage = storage;
  }

  /** C-order (row-major) strides of {@code shape}. */
  public static long[] contiguousStrides(long[] shape) {
    return Shapes.cStrides(shape);
  }

  /** The same tensor under another key. */
  public TensorRef withName(String newName) {
    return new TensorRef(newName, dtype, shape, strides, storageOffset, storage);
  }

  /** The state-dict key (null while still inside the unpickler). */
  public String name() {
    return name;
  }

  /** Stored element type. */
  public TensorDType dtype() {
    return dtype;
  }

  /** Shape (a copy). */
  public long[] shape() {
    return shape.clone();
  }

  /** Strides in elements (a copy). */
  public long[] strides() {
    return strides.clone();
  }

  /** Offset of the first element in the storage, in elements. */
  public long storageOffset() {
    return storageOffset;
  }

  /** The storage holding the bytes. */
  public TensorStorage storage() {
    return storage;
  }

  /** Number of elements. */
  public long numel() {
    return Shapes.length(shape);
  }

  /** Whether the elements are laid out densely in C order. */
  public boolean isContiguous() {
    long[] dense = Shapes.cStrides(shape);
    for (int i = 0; i < shape.length; i++) {
      // strides of size-1 dimensions are irrelevant (torch leaves arbitrary values there)
      if (shape[i] != 1 && strides[i] != dense[i]) {
        return false;
      }
    }
    return true;
  }

  /** Bytes of storage this tensor spans from its storage offset (0 for an empty tensor). */
  long spanBytes() {
    if (numel() == 0) {
      return 0;
    }
    long last = 0;
    for (int i = 0; i < shape.length; i++) {
      last += (shape[i] - 1) * strides[i];
    }
    return (last + 1) * dtype.size();
  }

  /** Fails with a one-line message if the storage is too short for this tensor. */
  void checkFits(Path file) throws CheckpointException {
    long need = storageOffset * dtype.size() + spanBytes();
    if (need > storage.byteSize()) {
      throw CheckpointException.of(file, "storage record '" + storage.name() + "' holds "
          + storage.byteSize() + " bytes but tensor '" + name + "' " + Arrays.toString(shape)
          + " " + dtype + " needs " + need);
    }
  }

  /**
   * Reads the tensor: floating types become float32 (half, bfloat16 and double are converted),
   * other types keep their own ND4J type (int64 stays LONG).
   */
  public INDArray toINDArray() throws IOException {
    return toINDArray(dtype.isFloating() ? DataType.FLOAT : dtype.nd4jType());
  }

  /** Reads the tensor and converts it to {@code type}. */
  public INDArray toINDArray(DataType type) throws IOException {
    ByteBuffer bytes = storage.read(storageOffset * dtype.size(), spanBytes());
    return TensorMaterializer.toArray(bytes, dtype, shape, strides, isContiguous(), type);
  }

  @Override
  public String toString() {
    return name + " " + dtype + Arrays.toString(shape) + " @" + storage.name() + "+" + storageOffset;
  }
}
