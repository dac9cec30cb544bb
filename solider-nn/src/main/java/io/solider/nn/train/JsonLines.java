package io.solider.nn.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An append-only JSON-lines file (one object per line, flushed per line, so a killed run loses at
 * most the line being written). Non-finite numbers are written as {@code null}: JSON has no NaN.
 */
public final class JsonLines implements Closeable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Writer out;

  /** Opens {@code file} for appending, creating it if needed. */
  public JsonLines(Path file) throws IOException {
    this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  /** Appends one record. */
  public void append(Map<String, ?> record) throws IOException {
    Map<String, Object> clean = new LinkedHashMap<>();
    record.forEach((k, v) -> clean.put(k, v instanceof Double d && !Double.isFinite(d) ? null : v));
    out.write(JSON.writeValueAsString(clean));
    out.write('\n');
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
