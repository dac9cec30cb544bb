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
    return numel() == 0 ? 0 : TensorLayout.endByte(dtype, shape, strides, 0);
  }

  /** Fails with a one-line message if the layout is inconsistent or the storage too short for it. */
  void checkFits(Path file) throws CheckpointException {
    String problem = TensorLayout.problem(dtype, shape, strides, storageOffset);
    if (problem != null) {
      throw CheckpointException.of(file, "tensor '" + name + "': " + problem);
    }
    long need = TensorLayout.endByte(dtype, shape, strides, storageOffset);
    if (numel() == 0) {
      return;
    }
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

  /**
   * Reads the tensor and converts it to {@code type}.
   *
   * @throws CheckpointException if the tensor does not fit its storage, the file is closed, or it
   *     is larger than {@value TensorLayout#MAX_MATERIALIZED_BYTES} bytes
   */
  public INDArray toINDArray(DataType type) throws IOException {
    String problem = TensorLayout.problem(dtype, shape, strides, storageOffset);
    long dense = TensorLayout.denseBytes(dtype, shape);
    if (problem == null && (dense < 0 || dense > TensorLayout.MAX_MATERIALIZED_BYTES)) {
      problem = Arrays.toString(shape) + " " + dtype + " takes " + (dense < 0 ? "more than 2^63" : dense)
          + " bytes; one tensor of more than 2 GB cannot be materialised";
    }
    if (problem != null) {
      throw fail(problem);
    }
    long[] used = strides.clone();
    for (int i = 0; i < used.length; i++) {
      if (shape[i] <= 1) {
        used[i] = 0; // never stepped over; torch leaves arbitrary values here
      }
    }
    ByteBuffer bytes = storage.read(storageOffset * dtype.size(), spanBytes());
    try {
      return TensorMaterializer.toArray(bytes, dtype, shape, used, isContiguous(), type);
    } catch (RuntimeException e) {
      Path file = storage.file();
      String what = "cannot materialise tensor '" + name + "' " + Arrays.toString(shape) + " " + dtype;
      throw file == null ? new CheckpointException(what, e) : CheckpointException.unexpected(file, what, e);
    }
  }

  private CheckpointException fail(String problem) {
    Path file = storage.file();
    String msg = "tensor '" + name + "': " + problem;
    return file == null ? new CheckpointException(msg) : CheckpointException.of(file, msg);
  }

  @Override
  public String toString() {
    return name + " " + dtype + Arrays.toString(shape) + " @" + storage.name() + "+" + storageOffset;
  }
}
