package io.solider.tasks.reid.index;

/** Float-vector helpers shared by the writer and the searcher. */
final class Vectors {

  /** Lucene 9's limit for an indexed float vector. */
  static final int MAX_DIMENSION = 1024;

  private Vectors() {}

  /** A copy divided by its L2 norm (at least 1e-12, as the re-id protocol); dot product = cosine. */
  static float[] normalised(float[] v) {
    double s = 0;
    for (float x : v) {
      s += (double) x * x;
    }
    double n = Math.max(Math.sqrt(s), 1e-12);
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) (v[i] / n);
    }
    return out;
  }

  /** Throws unless every value is finite, naming {@code what}. */
  static void requireFinite(float[] v, String what) {
    for (int i = 0; i < v.length; i++) {
      if (!Float.isFinite(v[i])) {
        throw new IllegalArgumentException(what + " has a non-finite value at position " + i + ": " + v[i]);
      }
    }
  }
}
