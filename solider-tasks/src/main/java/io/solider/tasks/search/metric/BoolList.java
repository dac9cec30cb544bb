package io.solider.tasks.search.metric;

import java.util.Arrays;

/** A growable boolean array (the release's Python lists of labels). */
final class BoolList {

  private boolean[] data = new boolean[64];
  private int size;

  void add(boolean v) {
    if (size == data.length) {
      data = Arrays.copyOf(data, size * 2);
    }
    data[size++] = v;
  }

  int size() {
    return size;
  }

  boolean[] toArray() {
    return Arrays.copyOf(data, size);
  }
}
