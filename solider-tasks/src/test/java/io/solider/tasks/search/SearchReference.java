package io.solider.tasks.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads the person-search reference files under {@code src/test/resources/search/}. */
public final class SearchReference {

  private SearchReference() {}

  /** Parses a resource such as {@code /search/detector/detector_reference.json}. */
  public static JsonNode load(String resource) {
    try (InputStream in = SearchReference.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + resource);
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A JSON array (nested arrays flattened row-major) as float32 values. */
  public static float[] floats(JsonNode n) {
    double[] d = doubles(n);
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }

  /** A JSON array (flattened) as doubles. */
  public static double[] doubles(JsonNode n) {
    java.util.List<Double> out = new java.util.ArrayList<>();
    flatten(n, out);
    double[] d = new double[out.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = out.get(i);
    }
    return d;
  }

  /** A JSON array (flattened) as ints. */
  public static int[] ints(JsonNode n) {
    double[] d = doubles(n);
    int[] a = new int[d.length];
    for (int i = 0; i < d.length; i++) {
      a[i] = (int) d[i];
    }
    return a;
  }

  private static void flatten(JsonNode n, java.util.List<Double> out) {
    if (n.isArray()) {
      n.forEach(c -> flatten(c, out));
    } else {
      out.add(n.asDouble());
    }
  }

  /** Largest |a − b|. */
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
}
