package io.solider.tasks.attribute.train;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.solider.nn.checkpoint.Checkpoints;
import io.solider.nn.checkpoint.StateDict;
import io.solider.nn.io.AtomicFiles;
import io.solider.tasks.attribute.data.Pa100kAttributes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The names of a model's outputs. Model files in the release's layouts hold tensors only, so the
 * trainer writes the names next to them ({@value #FILE}, one per line, in output order); the
 * training checkpoint holds them too. {@link #of} finds them for a checkpoint.
 */
public final class AttributeNames {

  /** The names file of a run folder. */
  public static final String FILE = "attributes.txt";

  private AttributeNames() {}

  /** Writes {@code names} as {@value #FILE} in {@code dir}, atomically. */
  public static void write(List<String> names, Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    Path tmp = AtomicFiles.tempSibling(file);
    try {
      Files.writeString(tmp, String.join("\n", names) + "\n", StandardCharsets.UTF_8);
      AtomicFiles.moveIntoPlace(tmp, file);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * The output names of the model in {@code checkpoint} with {@code outputs} outputs: the
   * training checkpoint's {@code attributes} entry, else {@value #FILE} beside the file, else the
   * release's PA-100K order when there are 26 outputs (a release PA-100K model), else
   * {@code attr0, attr1, …}.
   *
   * @throws IllegalArgumentException when the names found are not {@code outputs} many
   */
  public static List<String> of(Path checkpoint, int outputs) throws IOException {
    List<String> names = stored(checkpoint);
    String source = checkpoint.toString();
    if (names == null && checkpoint.toAbsolutePath().getParent() != null) {
      Path file = checkpoint.toAbsolutePath().getParent().resolve(FILE);
      if (Files.isRegularFile(file)) {
        names = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          if (!line.isBlank()) {
            names.add(line.strip());
          }
        }
        source = file.toString();
      }
    }
    if (names == null) {
      return outputs == Pa100kAttributes.NAMES.size() ? Pa100kAttributes.releaseOrderNames()
          : IntStream.range(0, outputs).mapToObj(i -> "attr" + i).toList();
    }
    if (names.size() != outputs) {
      throw new IllegalArgumentException(source + " names " + names.size() + " attributes, the model has " + outputs
          + " outputs");
    }
    return List.copyOf(names);
  }

  private static List<String> stored(Path checkpoint) throws IOException {
    try (StateDict sd = Checkpoints.read(checkpoint)) {
      if (sd.values().get("attributes") instanceof String json && json.startsWith("[")) {
        return new ObjectMapper().readValue(json, new TypeReference<List<String>>() {});
      }
    }
    return null;
  }
}
