package io.solider.nn.checkpoint;

import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;

/** Element types a stored tensor can have, with their sizes and the matching ND4J type. */
public enum TensorDType {
  FLOAT32(4, true, DataType.FLOAT, "FloatStorage", "F32", "<f4"),
  FLOAT16(2, true, DataType.HALF, "HalfStorage", "F16", "<f2"),
  BFLOAT16(2, true, DataType.BFLOAT16, "BFloat16Storage", "BF16", null),
  FLOAT64(8, true, DataType.DOUBLE, "DoubleStorage", "F64", "<f8"),
  INT64(8, false, DataType.LONG, "LongStorage", "I64", "<i8"),
  INT32(4, false, DataType.INT, "IntStorage", "I32", "<i4"),
  INT16(2, false, DataType.SHORT, "ShortStorage", "I16", "<i2"),
  INT8(1, false, DataType.BYTE, "CharStorage", "I8", "|i1"),
  UINT8(1, false, DataType.UBYTE, "ByteStorage", "U8", "|u1"),
  BOOL(1, false, DataType.BOOL, "BoolStorage", "BOOL", "|b1");

  private final int size;
  private final boolean floating;
  private final DataType nd4j;
  private final String torchStorage;
  private final String safetensors;
  private final String npy;

  TensorDType(int size, boolean floating, DataType nd4j, String torchStorage, String safetensors, String npy) {
    this.size = size;
    this.floating = floating;
    this.nd4j = nd4j;
    this.torchStorage = torchStorage;
    this.safetensors = safetensors;
    this.npy = npy;
  }

  /** Bytes per element. */
  public int size() {
    return size;
  }

  /** Whether this is a floating-point type (materialised as float32 by default). */
  public boolean isFloating() {
    return floating;
  }

  /** The ND4J type holding exactly these values. */
  public DataType nd4jType() {
    return nd4j;
  }

  /** Name of the legacy typed-storage class {@code torch.<name>} (e.g. {@code FloatStorage}). */
  public String torchStorageName() {
    return torchStorage;
  }

  /** Type for a torch storage class name such as {@code FloatStorage}, or null if unknown. */
  public static TensorDType fromTorchStorage(String name) {
    for (TensorDType t : values()) {
      if (t.torchStorage.equals(name)) {
        return t;
      }
    }
    return null;
  }

  /** Type for a safetensors dtype string such as {@code F32}, or null if unknown. */
  public static TensorDType fromSafetensors(String name) {
    String n = name.toUpperCase(Locale.ROOT);
    for (TensorDType t : values()) {
      if (t.safetensors.equals(n)) {
        return t;
      }
    }
    return null;
  }

  /** Type for a little-endian NumPy type string such as {@code <f4}, or null if unknown. */
  public static TensorDType fromNpy(String descr) {
    if (descr.isEmpty()) {
      return null;
    }
    char order = descr.charAt(0);
    String code = "<|=>".indexOf(order) >= 0 ? descr.substring(1) : descr;
    for (TensorDType t : values()) {
      // big-endian is only acceptable where byte order is meaningless (one-byte types)
      if (t.npy != null && t.npy.substring(1).equals(code) && (order != '>' || t.size == 1)) {
        return t;
      }
    }
    return null;
  }

  /** Type for an ND4J type, or null if it has no stored counterpart. */
  public static TensorDType fromNd4j(DataType type) {
    for (TensorDType t : values()) {
      if (t.nd4j == type) {
        return t;
      }
    }
    return null;
  }
}
