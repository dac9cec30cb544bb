package io.solider.tasks.reid.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.solider.nn.checkpoint.TorchCheckpointWriter;
import io.solider.nn.train.Position;
import io.solider.nn.train.TrainingCheckpoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The re-id trainer's files, PyTorch zip checkpoints written atomically (temp file + rename):
 * <ul>
 *   <li>{@value #MODEL}: the release's model state dict, flat ({@code base.<backbone key>},
 *       {@code bottleneck.weight/bias/running_mean/running_var/num_batches_tracked},
 *       {@code classifier.weight}), as SOLIDER-REID's {@code torch.save(model.state_dict())};
 *   <li>{@code checkpoint.pth}: a {@link TrainingCheckpoint} of kind {@value ReidTraining#KIND}
 *       whose parts are {@code model} (the same tensors) and
 *       {@code optimizer.momentum_buffer.<key>} (SGD buffers).
 * </ul>
 */
public final class ReidCheckpoint {

  /** Layout version of the training checkpoint. */
  public static final int VERSION = 2;
  /** The model file in the release's layout. */
  public static final String MODEL = "model.pth";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BUFFERS = "optimizer.momentum_buffer";

  private ReidCheckpoint() {}

  /** A restored run and where it continues. */
  public record Restored(ReidTraining run, Position next) {}

  /** Writes the release-layout model file. */
  public static void writeModel(ReidModel model, Path file) throws IOException {
    TorchCheckpointWriter.write(new LinkedHashMap<>(model.stateDict()), file);
  }

  /** Writes the full training state before step {@code next}. */
  public static void write(ReidTraining run, Position next, Path file) throws IOException {
    Map<String, Object> parts = new LinkedHashMap<>();
    parts.put("model", new LinkedHashMap<>(run.model().stateDict()));
    parts.put("optimizer", Map.of("momentum_buffer", new LinkedHashMap<>(run.optimizer().buffers())));
    TrainingCheckpoint.write(file, ReidTraining.KIND, VERSION, next, run.config().seed(), toJson(run.config()),
        parts);
  }

  /** Reads a checkpoint written by {@link #write}. */
  public static Restored read(Path file) throws IOException {
    TrainingCheckpoint.Contents c = TrainingCheckpoint.read(file, ReidTraining.KIND, VERSION);
    ReidTrainConfig config = fromJson(c.config());
    Map<String, INDArray> model = c.part("model");
    Map<String, INDArray> buffers = c.part(BUFFERS);
    ReidTraining run = ReidTraining.restore(config, ReidModel.fromStateDict(model, file.toString()), buffers);
    return new Restored(run, c.next());
  }

  public static String toJson(ReidTrainConfig config) {
    try {
      return JSON.writeValueAsString(config);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write configuration as JSON", e);
    }
  }

  public static ReidTrainConfig fromJson(String json) throws IOException {
    return JSON.readValue(json, ReidTrainConfig.class);
  }
}
