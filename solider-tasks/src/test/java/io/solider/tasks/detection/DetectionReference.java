package io.solider.tasks.detection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Reference numbers made by the release's code, stored under {@code detection/} (see the README there). */
public final class DetectionReference {

  private DetectionReference() {}

  /** The parsed resource {@code detection/NAME}. */
  public static JsonNode load(String name) {
    try (InputStream in = DetectionReference.class.getResourceAsStream("/detection/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource detection/" + name);
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The elements of a JSON array of cases as JUnit arguments (name, case), named by their "name". */
  public static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> named(JsonNode cases) {
    List<org.junit.jupiter.params.provider.Arguments> out = new ArrayList<>();
    cases.forEach(c -> out.add(org.junit.jupiter.params.provider.Arguments.of(c.get("name").asText(), c)));
    return out.stream();
  }

  /** A nested JSON array of numbers flattened in row-major order. */
  public static double[] doubles(JsonNode n) {
    List<Double> out = new ArrayList<>();
    flatten(n, out);
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** As {@link #doubles}, rounded to float. */
  public static float[] floats(JsonNode n) {
    double[] d = doubles(n);
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }

  private static void flatten(JsonNode n, List<Double> out) {
    if (n.isArray()) {
      n.forEach(c -> flatten(c, out));
    } else {
      out.add(n.asDouble());
    }
  }
}
