package io.solider.tasks.attribute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.solider.tasks.common.ReferenceArrays;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Reference numbers from the release's code and torch under {@code /attribute/} (scripts beside them). */
public final class AttributeReference {

  private AttributeReference() {}

  /** A JSON file of the resources. */
  public static JsonNode json(String name) {
    try (InputStream in = AttributeReference.class.getResourceAsStream("/attribute/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource /attribute/" + name);
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A file of the resources. */
  public static Path file(String name) {
    try {
      return Path.of(AttributeReference.class.getResource("/attribute/" + name).toURI());
    } catch (java.net.URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("missing test resource /attribute/" + name, e);
    }
  }

  /** A nested JSON array flattened in row-major order, as doubles ({@link ReferenceArrays#doubles}). */
  public static double[] doubles(JsonNode n) {
    return ReferenceArrays.doubles(n);
  }

  /** As {@link #doubles}, rounded to float32 ({@link ReferenceArrays#floats}). */
  public static float[] floats(JsonNode n) {
    return ReferenceArrays.floats(n);
  }

  /**
   * Normwise relative error max |a − b| / max |b|: the measure for float32 results, whose rounding
   * error scales with the array's magnitude, not with each (possibly cancelled) entry.
   */
  public static double normwiseError(float[] a, double[] b) {
    if (a.length != b.length) {
      throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
    }
    double err = 0;
    double scale = 0;
    for (int i = 0; i < a.length; i++) {
      err = Math.max(err, Math.abs(a[i] - b[i]));
      scale = Math.max(scale, Math.abs(b[i]));
    }
    return err / scale;
  }
}
