package io.solider.nn.checkpoint;

/**
 * A {@code numpy.dtype} met inside a pickle (numpy scalars in optimiser states or args). Only the
 * type code and byte order are kept; the byte order arrives later, through BUILD.
 */
final class NumpyDType {

  final String code;
  String byteOrder = "<";

  NumpyDType(String code) {
    this.code = code;
  }

  @Override
  public String toString() {
    return "dtype(" + byteOrder + code + ")";
  }
}
