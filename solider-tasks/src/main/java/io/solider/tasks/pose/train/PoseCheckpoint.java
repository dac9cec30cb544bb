package io.solider.tasks.pose.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.solider.nn.checkpoint.TorchCheckpointWriter;
import io.solider.nn.train.Position;
import io.solider.nn.train.TrainingCheckpoint;
import io.solider.tasks.pose.head.PoseModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The pose trainer's files, PyTorch zip checkpoints written atomically:
 * <ul>
 *   <li>{@value #MODEL}: the model in mmcv's checkpoint layout, {@code {'meta': {...}, 'state_dict':
 *       {backbone.*, keypoint_head.*}}} (the release's {@code epoch_N.pth} without the optimizer), so
 *       mmpose's {@code load_checkpoint} and this project's loaders read it; {@code meta} holds
 *       {@code epoch}, {@code iter}, {@code input_height}, {@code input_width} and the configuration as JSON;
 *   <li>{@code checkpoint.pth}: a {@link TrainingCheckpoint} of kind {@value PoseTraining#KIND}
 *       whose parts are {@code model} (the same tensors), AdamW's {@code optimizer.exp_avg.<key>},
 *       {@code optimizer.exp_avg_sq.<key>} and {@code optimizer.step.<key>}, and {@code iters_per_epoch}.
 * </ul>
 */
public final class PoseCheckpoint {

  /** Layout version of the training checkpoint. */
  public static final int VERSION = 1;
  /** The model file in the release's layout. */
  public static final String MODEL = "model.pth";

  private static final ObjectMapper JSON = new ObjectMapper();

  private PoseCheckpoint() {}

  /** A restored run and where it continues. */
  public record Restored(PoseTraining run, Position next) {}

  /** Writes the model file before step {@code next}. */
  public static void writeModel(PoseTraining run, Position next, Path file) throws IOException {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("epoch", next.epoch());
    meta.put("iter", next.iteration());
    meta.put("input_height", run.config().input().height());
    meta.put("input_width", run.config().input().width());
    meta.put("config", toJson(run.config()));
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("meta", meta);
    root.put("state_dict", new LinkedHashMap<>(run.model().stateDict()));
    TorchCheckpointWriter.write(root, file);
  }

  /** Writes the full training state before step {@code next}. */
  public static void write(PoseTraining run, Position next, Path file) throws IOException {
    Map<String, Object> parts = new LinkedHashMap<>();
    parts.put("model", new LinkedHashMap<>(run.model().stateDict()));
    Map<String, Object> opt = new LinkedHashMap<>();
    opt.put("exp_avg", new LinkedHashMap<>(run.optimizer().expAvg()));
    opt.put("exp_avg_sq", new LinkedHashMap<>(run.optimizer().expAvgSq()));
    opt.put("step", new LinkedHashMap<>(run.optimizer().steps()));
    parts.put("optimizer", opt);
    parts.put("iters_per_epoch", run.itersPerEpoch());
    TrainingCheckpoint.write(file, PoseTraining.KIND, VERSION, next, run.config().seed(), toJson(run.config()), parts);
  }

  /** Reads a checkpoint written by {@link #write}. */
  public static Restored read(Path file) throws IOException {
    TrainingCheckpoint.Contents c = TrainingCheckpoint.read(file, PoseTraining.KIND, VERSION);
    PoseTrainConfig config = fromJson(c.config());
    PoseModel model = PoseModel.fromStateDict(c.part("model"), file.toString());
    Map<String, INDArray> expAvg = c.part("optimizer.exp_avg");
    Map<String, Long> steps = new LinkedHashMap<>();
    for (String k : expAvg.keySet()) {
      if (c.values().get("optimizer.step." + k) instanceof Number n) {
        steps.put(k, n.longValue());
      }
    }
    if (!(c.values().get("iters_per_epoch") instanceof Number ipe)) {
      throw new IOException(file + ": checkpoint entry 'iters_per_epoch' is missing");
    }
    return new Restored(PoseTraining.restore(config, model, expAvg, c.part("optimizer.exp_avg_sq"), steps,
        ipe.intValue()), c.next());
  }

  public static String toJson(PoseTrainConfig config) {
    try {
      return JSON.writeValueAsString(config);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write configuration as JSON", e);
    }
  }

  public static PoseTrainConfig fromJson(String json) throws IOException {
    return JSON.readValue(json, PoseTrainConfig.class);
  }
}
