package io.solider.nn.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** JSON output files (metrics, run records), written atomically: temp file, then rename. */
public final class JsonFile {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonFile() {}

  /** Writes {@code value} (maps, lists, records, numbers, strings) as indented JSON to {@code file}. */
  public static void write(Object value, Path file) throws IOException {
    Path tmp = AtomicFiles.tempSibling(file);
    try {
      JSON.writeValue(tmp.toFile(), value);
      AtomicFiles.moveIntoPlace(tmp, file);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
