package io.solider.tasks.search.metric;

import java.util.Arrays;

/** A growable float array (the release's Python lists of float32 scores). */
final class FloatList {

  private float[] data = new float[64];
  private int size;

  void add(float v) {
    if (size == data.length) {
      data = Arrays.copyOf(data, size * 2);
    }
    data[size++] = v;
  }

  int size() {
    return size;
  }

  float[] toArray() {
    return Arrays.copyOf(data, size);
  }
}
