package io.solider.tasks.search.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.solider.nn.checkpoint.TorchCheckpointWriter;
import io.solider.nn.train.Position;
import io.solider.nn.train.TrainingCheckpoint;
import io.solider.tasks.search.head.SearchModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The person-search trainer's files, PyTorch zip checkpoints written atomically:
 * <ul>
 *   <li>{@value #MODEL}: {@code {'model': state_dict}} in the release's layout (as its
 *       {@code epoch_N.pth} holds the model: trunk, RPN, box head = the trunk again, box predictor,
 *       embedding head, OIM's {@code lut} and {@code cq}, Faster R-CNN predictor, re-id head);</li>
 *   <li>{@code checkpoint.pth}: a {@link TrainingCheckpoint} of kind {@value SearchTraining#KIND}
 *       whose parts are {@code model} (the same state dict without the box head's duplicate keys),
 *       {@code oim_header} (the queue's next slot, which the release keeps outside its state dict)
 *       and {@code optimizer.momentum_buffer.<key>} (SGD buffers).</li>
 * </ul>
 */
public final class SearchCheckpoint {

  /** Layout version of the training checkpoint. */
  public static final int VERSION = 1;
  /** The model file in the release's layout. */
  public static final String MODEL = "model.pth";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BUFFERS = "optimizer.momentum_buffer";
  private static final String HEADER = "oim_header";

  private SearchCheckpoint() {}

  /** A restored run and where it continues. */
  public record Restored(SearchTraining run, Position next) {}

  /** Writes the release-layout model file. */
  public static void writeModel(SearchModel model, Path file) throws IOException {
    TorchCheckpointWriter.write(Map.of("model", new LinkedHashMap<>(model.stateDict())), file);
  }

  /** Writes the full training state before step {@code next}. */
  public static void write(SearchTraining run, Position next, Path file) throws IOException {
    Map<String, INDArray> model = new LinkedHashMap<>();
    run.model().stateDict().forEach((k, v) -> {
      if (!k.startsWith(SearchModel.BOX_HEAD)) {
        model.put(k, v);
      }
    });
    Map<String, Object> parts = new LinkedHashMap<>();
    parts.put("model", model);
    parts.put(HEADER, run.model().oim().header());
    parts.put("optimizer", Map.of("momentum_buffer", new LinkedHashMap<>(run.optimizer().buffers())));
    TrainingCheckpoint.write(file, SearchTraining.KIND, VERSION, next, run.config().seed(), toJson(run.config()), parts);
  }

  /**
   * Reads a checkpoint written by {@link #write}; the schedule needs the iterations per epoch,
   * which depend on the saved configuration's batch size.
   */
  public static Restored read(Path file, java.util.function.ToIntFunction<SearchTrainConfig> itersPerEpoch)
      throws IOException {
    TrainingCheckpoint.Contents c = TrainingCheckpoint.read(file, SearchTraining.KIND, VERSION);
    SearchTrainConfig config = fromJson(c.config());
    SearchModel model = SearchModel.fromStateDict(c.part("model"), file.toString());
    if (!(c.values().get(HEADER) instanceof Number header)) {
      throw new IOException(file + ": checkpoint has no " + HEADER);
    }
    model.oim().restore(model.oim().lut(), model.oim().queue(), header.intValue());
    return new Restored(SearchTraining.restore(config, model, c.part(BUFFERS), itersPerEpoch.applyAsInt(config)),
        c.next());
  }

  public static String toJson(SearchTrainConfig config) {
    try {
      return JSON.writeValueAsString(config);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write configuration as JSON", e);
    }
  }

  public static SearchTrainConfig fromJson(String json) throws IOException {
    return JSON.readValue(json, SearchTrainConfig.class);
  }
}
