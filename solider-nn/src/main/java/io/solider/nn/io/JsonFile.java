package io.solider.nn.io;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;

/**
 * JSON output files (metrics, run records), written through {@link AtomicFiles}: atomically for a
 * regular file, straight through for a device or pipe ({@code --output /dev/stdout}).
 */
public final class JsonFile {

  private static final ObjectWriter JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

  private JsonFile() {}

  /** Writes {@code value} (maps, lists, records, numbers, strings) as indented JSON to {@code file}. */
  public static void write(Object value, Path file) throws IOException {
    AtomicFiles.write(file, out -> {
      JSON.writeValue(out, value);
      out.write('\n');
    });
  }
}
