package io.solider.tasks.detection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.solider.tasks.common.ReferenceArrays;
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

  /** A nested JSON array flattened in row-major order, as doubles ({@link ReferenceArrays#doubles}). */
  public static double[] doubles(JsonNode n) {
    return ReferenceArrays.doubles(n);
  }

  /** As {@link #doubles}, rounded to float32 ({@link ReferenceArrays#floats}). */
  public static float[] floats(JsonNode n) {
    return ReferenceArrays.floats(n);
  }
}
