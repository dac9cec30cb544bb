package io.solider.tasks.pose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.solider.tasks.common.ReferenceArrays;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** Reference data made by the scripts in {@code src/test/resources/pose/} from the release's code. */
public final class PoseReference {

  private PoseReference() {}

  /** The test resource {@code pose/NAME} as a file. */
  public static Path file(String name) {
    URL url = PoseReference.class.getResource("/pose/" + name);
    if (url == null) {
      throw new IllegalStateException("missing test resource pose/" + name);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The JSON test resource {@code pose/NAME}. */
  public static JsonNode json(String name) {
    try {
      return new ObjectMapper().readTree(file(name).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Asserts that two large float arrays are bit-equal (AssertJ's element-wise comparison is slow on
   * 10⁵ elements); the message names the first difference.
   */
  public static void assertBitEqual(float[] got, float[] want, String what) {
    org.assertj.core.api.Assertions.assertThat(got.length).as(what + ": length").isEqualTo(want.length);
    int i = java.util.Arrays.mismatch(got, want);
    if (i >= 0) {
      org.assertj.core.api.Assertions.fail(what + ": first difference at index " + i + ": " + got[i] + " instead of " + want[i]);
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
}
