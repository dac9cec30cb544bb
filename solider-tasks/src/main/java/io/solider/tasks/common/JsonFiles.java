package io.solider.tasks.common;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reading COCO-style JSON annotation files with errors that name the file and the line/column
 * (for malformed or truncated JSON) or the field path (for a wrong layout), e.g.
 * {@code annotations[3].keypoints: expected 51 numbers, got 48}.
 */
public final class JsonFiles {

  private JsonFiles() {}

  /** Parses {@code file}. */
  public static JsonNode read(Path file) throws DatasetFormatException {
    DatasetFormatException.requireFile(file, "JSON annotations");
    try {
      return new ObjectMapper().readTree(file.toFile());
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      String where = loc == null ? "" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ": ";
      throw new DatasetFormatException(file, "malformed or truncated JSON at " + where + e.getOriginalMessage(), e);
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
}
