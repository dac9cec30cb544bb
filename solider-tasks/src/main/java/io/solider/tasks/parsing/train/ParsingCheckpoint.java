package io.solider.tasks.parsing.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.solider.nn.train.Position;
import io.solider.nn.train.TrainingCheckpoint;
import io.solider.tasks.parsing.head.ParsingModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The parsing trainer's files, PyTorch zip checkpoints written atomically:
 * <ul>
 *   <li>{@value #MODEL}: the model as train.py saves its checkpoints ({@code {'epoch',
 *       'state_dict'}}, {@code module.} keys, see {@link ParsingModel#write});
 *   <li>{@value #SCHP_MODEL}: from the first self-correction cycle on, the SCHP model as train.py
 *       saves {@code schp_N_checkpoint.pth.tar} ({@code {'state_dict', 'cycle_n'}}); the release
 *       evaluates this one;
 *   <li>{@code checkpoint.pth}: a {@link TrainingCheckpoint} of kind {@value ParsingTraining#KIND}
 *       whose parts are {@code model} (the state dict), {@code schp} (the SCHP model's, once it
 *       exists), {@code schp_cycles} and {@code optimizer.momentum_buffer.<key>}.
 * </ul>
 */
public final class ParsingCheckpoint {

  /** Layout version of the training checkpoint. */
  public static final int VERSION = 1;
  /** The model file in the release's layout. */
  public static final String MODEL = "model.pth";
  /** The SCHP model file in the release's layout. */
  public static final String SCHP_MODEL = "schp_model.pth";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BUFFERS = "optimizer.momentum_buffer";
  private static final String CYCLES = "schp_cycles";

  private ParsingCheckpoint() {}

  /** A restored run and where it continues. */
  public record Restored(ParsingTraining run, Position next) {}

  /** Writes the full training state before step {@code next}. */
  public static void write(ParsingTraining run, Position next, Path file) throws IOException {
    Map<String, Object> parts = new LinkedHashMap<>();
    parts.put("model", new LinkedHashMap<>(run.model().stateDict()));
    if (run.schp() != null) {
      parts.put("schp", new LinkedHashMap<>(run.schp().stateDict()));
    }
    parts.put(CYCLES, run.cycles());
    parts.put("optimizer", Map.of("momentum_buffer", new LinkedHashMap<>(run.optimizer().buffers())));
    TrainingCheckpoint.write(file, ParsingTraining.KIND, VERSION, next, run.config().seed(), toJson(run.config()),
        parts);
  }

  /** Reads a checkpoint written by {@link #write}. */
  public static Restored read(Path file) throws IOException {
    TrainingCheckpoint.Contents c = TrainingCheckpoint.read(file, ParsingTraining.KIND, VERSION);
    ParsingTrainConfig config = fromJson(c.config());
    if (!(c.values().get(CYCLES) instanceof Number cycles)) {
      throw new IOException(file + ": checkpoint entry '" + CYCLES + "' is missing");
    }
    ParsingModel model = ParsingModel.fromStateDict(c.part("model"), file + " [model]");
    Map<String, INDArray> schpState = c.part("schp");
    ParsingModel schp = schpState.isEmpty() ? null : ParsingModel.fromStateDict(schpState, file + " [schp]");
    ParsingTraining run = ParsingTraining.restore(config, model, schp, cycles.intValue(), c.part(BUFFERS));
    return new Restored(run, c.next());
  }

  public static String toJson(ParsingTrainConfig config) {
    try {
      return JSON.writeValueAsString(config);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write configuration as JSON", e);
    }
  }

  public static ParsingTrainConfig fromJson(String json) throws IOException {
    return JSON.readValue(json, ParsingTrainConfig.class);
  }
}
