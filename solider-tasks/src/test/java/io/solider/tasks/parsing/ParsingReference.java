package io.solider.tasks.parsing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.solider.tasks.common.ReferenceArrays;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** The parsing reference files under {@code src/test/resources/parsing} (see its README). */
public final class ParsingReference {

  private ParsingReference() {}

  /** The folder {@code parsing/REL} of the test resources. */
  public static Path path(String rel) {
    try {
      return Path.of(ParsingReference.class.getResource("/parsing/" + rel).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The JSON file {@code parsing/REL}. */
  public static JsonNode json(String rel) {
    try {
      // the reference scripts write Python's NaN for values the release leaves undefined
      return JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build().readTree(path(rel).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A JSON array of numbers (nested arrays flattened) as floats ({@link ReferenceArrays#floats}). */
  public static float[] floats(JsonNode array) {
    return ReferenceArrays.floats(array);
  }

  /** A JSON array of numbers (nested arrays flattened) as doubles ({@link ReferenceArrays#doubles}). */
  public static double[] doubles(JsonNode array) {
    return ReferenceArrays.doubles(array);
  }
}
