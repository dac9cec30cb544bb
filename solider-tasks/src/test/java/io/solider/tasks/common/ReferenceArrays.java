package io.solider.tasks.common;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Numbers of the tasks' reference JSON files (written by the release-code scripts) as Java arrays,
 * shared by each task's reference helper: nested arrays are flattened row-major.
 */
public final class ReferenceArrays {

  private ReferenceArrays() {}

  /** A JSON number or (nested) array of numbers, flattened row-major, as doubles. */
  public static double[] doubles(JsonNode n) {
    java.util.List<Double> out = new java.util.ArrayList<>();
    flatten(n, out);
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** As {@link #doubles}, each rounded to float32 (torch's storage type). */
  public static float[] floats(JsonNode n) {
    double[] d = doubles(n);
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }

  /** Largest |a − b| (computed in double). */
  public static double maxAbsDiff(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new AssertionError("lengths " + a.length + " and " + b.length);
    }
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs((double) a[i] - b[i]));
    }
    return m;
  }

  private static void flatten(JsonNode n, java.util.List<Double> out) {
    if (n.isArray()) {
      n.forEach(c -> flatten(c, out));
    } else {
      out.add(n.asDouble());
    }
  }
}
