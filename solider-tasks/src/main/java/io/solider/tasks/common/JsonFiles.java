package io.solider.tasks.common;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reading JSON annotation and result files with errors that name the file and the line/column
 * (for malformed or truncated JSON) or the field path (for a wrong layout), e.g.
 * {@code annotations[3].keypoints: expected 51 numbers, got 48}. Files larger than
 * {@link #MAX_BYTES} are refused before parsing.
 */
public final class JsonFiles {

  /** Largest JSON file read (COCO train2017 person keypoints is about 240 MB). */
  public static final long MAX_BYTES = 1L << 30;

  private static final JsonMapper STRICT = JsonMapper.builder().build();
  private static final JsonMapper NON_FINITE = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

  private JsonFiles() {}

  /** Parses {@code file} (JSON annotations). */
  public static JsonNode read(Path file) throws DatasetFormatException {
    return read(file, "JSON annotations");
  }

  /** Parses {@code file}; {@code what} names it in the error when it is missing. */
  public static JsonNode read(Path file, String what) throws DatasetFormatException {
    return read(file, what, STRICT);
  }

  /**
   * Parses {@code file}, taking the {@code NaN} and {@code Infinity} tokens that Python's
   * {@code json.dump} writes as numbers, so that {@link #finite} can say which number is not finite.
   */
  public static JsonNode readAllowingNonFinite(Path file, String what) throws DatasetFormatException {
    return read(file, what, NON_FINITE);
  }

  private static JsonNode read(Path file, String what, JsonMapper mapper) throws DatasetFormatException {
    DatasetFormatException.requireFile(file, what);
    try {
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        throw new DatasetFormatException(file, "file of " + size + " bytes is larger than the limit of " + MAX_BYTES);
      }
      return mapper.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      String where = loc == null ? "" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ": ";
      throw new DatasetFormatException(file, "malformed or truncated JSON at " + where + e.getOriginalMessage(), e);
    } catch (DatasetFormatException e) {
      throw e;
    } catch (IOException e) {
      throw new DatasetFormatException(file, "cannot read JSON: " + e.getMessage(), e);
    }
  }

  /** The member {@code name} of object {@code node} (at {@code path}), required. */
  public static JsonNode field(JsonNode node, String name, String path, Path file) throws DatasetFormatException {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      throw new DatasetFormatException(file, path + ": missing field '" + name + "'");
    }
    return v;
  }

  /** A required array member. */
  public static JsonNode array(JsonNode node, String name, String path, Path file) throws DatasetFormatException {
    JsonNode v = field(node, name, path, file);
    if (!v.isArray()) {
      throw new DatasetFormatException(file, path + "." + name + ": expected an array");
    }
    return v;
  }

  /** A required integer member. */
  public static long integer(JsonNode node, String name, String path, Path file) throws DatasetFormatException {
    JsonNode v = field(node, name, path, file);
    if (!v.canConvertToLong() || !v.isIntegralNumber()) {
      throw new DatasetFormatException(file, path + "." + name + ": expected an integer, got " + v);
    }
    return v.longValue();
  }

  /** A required number member. */
  public static double number(JsonNode node, String name, String path, Path file) throws DatasetFormatException {
    JsonNode v = field(node, name, path, file);
    if (!v.isNumber()) {
      throw new DatasetFormatException(file, path + "." + name + ": expected a number, got " + v);
    }
    return v.doubleValue();
  }

  /** A required string member. */
  public static String text(JsonNode node, String name, String path, Path file) throws DatasetFormatException {
    JsonNode v = field(node, name, path, file);
    if (!v.isTextual()) {
      throw new DatasetFormatException(file, path + "." + name + ": expected a string, got " + v);
    }
    return v.textValue();
  }

  /** A required array of exactly {@code n} numbers. */
  public static double[] numbers(JsonNode node, String name, int n, String path, Path file) throws DatasetFormatException {
    JsonNode v = array(node, name, path, file);
    if (v.size() != n) {
      throw new DatasetFormatException(file, path + "." + name + ": expected " + n + " numbers, got " + v.size());
    }
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      if (!v.get(i).isNumber()) {
        throw new DatasetFormatException(file, path + "." + name + "[" + i + "]: expected a number, got " + v.get(i));
      }
      out[i] = v.get(i).doubleValue();
    }
    return out;
  }

  /** The required member {@code name} of {@code node}: a finite number. */
  public static double finite(JsonNode node, String name, String path, Path file) throws DatasetFormatException {
    return finite(field(node, name, path, file), path + "." + name, file);
  }

  /** The required member {@code name} of {@code node}: an array of exactly {@code n} finite numbers. */
  public static double[] finiteNumbers(JsonNode node, String name, int n, String path, Path file)
      throws DatasetFormatException {
    JsonNode v = array(node, name, path, file);
    if (v.size() != n) {
      throw new DatasetFormatException(file, path + "." + name + ": expected " + n + " numbers, got " + v.size());
    }
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = finite(v.get(i), path + "." + name + "[" + i + "]", file);
    }
    return out;
  }

  private static double finite(JsonNode v, String path, Path file) throws DatasetFormatException {
    if (!v.isNumber()) {
      throw new DatasetFormatException(file, path + ": expected a number, got " + v);
    }
    double d = v.doubleValue();
    if (!Double.isFinite(d)) {
      throw new DatasetFormatException(file, path + ": not a finite number (" + d + ")");
    }
    return d;
  }
}
