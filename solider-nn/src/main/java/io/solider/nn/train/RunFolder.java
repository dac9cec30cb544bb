package io.solider.nn.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.solider.nn.io.AtomicFiles;
import io.solider.nn.io.OutputFolders;
import io.solider.nn.io.JsonFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The output folder of a training run and the files every task writes there:
 * <ul>
 *   <li>{@value #CHECKPOINT}: the full training state (written by the task's run, atomically);
 *   <li>{@value #LOG}: one JSON object per step ({@code "type":"iter"}), per epoch
 *       ({@code "epoch"}) and per evaluation ({@code "eval"});
 *   <li>{@value #METRICS} (and {@code metrics_initial.json}, {@code metrics_epochN.json}): the
 *       task's evaluation JSON plus the epoch;
 *   <li>{@value #RUN_RECORD}: provenance of every invocation that trained in this folder (commit,
 *       command line, configuration, data, time, machine);
 *   <li>{@value #SAVE_REQUEST}: create this file to ask for a checkpoint at the next step.
 * </ul>
 * Opening a folder removes temporary files that a killed write left behind.
 */
public final class RunFolder {

  public static final String CHECKPOINT = "checkpoint.pth";
  public static final String LOG = "log.jsonl";
  public static final String METRICS = "metrics.json";
  public static final String METRICS_INITIAL = "metrics_initial.json";
  public static final String RUN_RECORD = "run.json";
  public static final String SAVE_REQUEST = "SAVE";

  private final Path dir;

  private RunFolder(Path dir) {
    this.dir = dir;
  }

  /**
   * Creates the folder if needed and removes temporary files left by an interrupted write (every
   * file of the folder is written through {@link AtomicFiles}, so its orphans are recognised).
   *
   * @throws io.solider.nn.io.OutputPathException if {@code dir} exists and is not a folder
   */
  public static RunFolder open(Path dir) throws IOException {
    return new RunFolder(OutputFolders.prepare(dir));
  }

  public Path dir() {
    return dir;
  }

  /** A file of this folder. */
  public Path file(String name) {
    return dir.resolve(name);
  }

  public Path checkpoint() {
    return dir.resolve(CHECKPOINT);
  }

  public boolean hasCheckpoint() {
    return Files.isRegularFile(checkpoint());
  }

  /** The metrics file of an evaluation after {@code epochsDone} epochs (−1: before training). */
  public Path metrics(int epochsDone, boolean last) {
    if (last) {
      return dir.resolve(METRICS);
    }
    return dir.resolve(epochsDone < 0 ? METRICS_INITIAL : "metrics_epoch" + epochsDone + ".json");
  }

  /** Writes {@code value} as JSON to {@code name}, atomically. */
  public void writeJson(String name, Object value) throws IOException {
    JsonFile.write(value, dir.resolve(name));
  }

  /** Opens the JSON-lines log for appending. */
  public JsonLines openLog() throws IOException {
    return new JsonLines(dir.resolve(LOG));
  }

  /** Whether someone asked for a checkpoint (the request file is removed). */
  public boolean takeSaveRequest() throws IOException {
    return Files.deleteIfExists(dir.resolve(SAVE_REQUEST));
  }

  /** Appends this invocation's provenance to {@value #RUN_RECORD} ({@code {"invocations": [...]}}), atomically. */
  public void recordProvenance(Provenance provenance) throws IOException {
    ObjectMapper json = new ObjectMapper();
    Path file = dir.resolve(RUN_RECORD);
    ObjectNode root = json.createObjectNode();
    if (Files.isRegularFile(file)) {
      JsonNode old = json.readTree(file.toFile());
      if (old != null && old.get("invocations") instanceof ArrayNode a) {
        root.set("invocations", a);
      }
    }
    ArrayNode list = root.has("invocations") ? (ArrayNode) root.get("invocations") : root.putArray("invocations");
    list.add(json.valueToTree(provenance));
    JsonFile.write(root, file);
  }
}
