package io.solider.tasks.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.solider.tasks.common.ReferenceArrays;
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

  /** As {@link #doubles}, rounded to float32 ({@link ReferenceArrays#floats}). */
  public static float[] floats(JsonNode n) {
    return ReferenceArrays.floats(n);
  }

  /** A nested JSON array flattened in row-major order, as doubles ({@link ReferenceArrays#doubles}). */
  public static double[] doubles(JsonNode n) {
    return ReferenceArrays.doubles(n);
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

  /** Largest |a − b| ({@link ReferenceArrays#maxAbsDiff}). */
  public static double maxAbsDiff(float[] a, float[] b) {
    return ReferenceArrays.maxAbsDiff(a, b);
  }
}
