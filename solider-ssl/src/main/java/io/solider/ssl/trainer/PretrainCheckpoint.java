package io.solider.ssl.trainer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.solider.nn.checkpoint.TorchCheckpointWriter;
import io.solider.nn.train.Position;
import io.solider.nn.train.TrainingCheckpoint;
import io.solider.ssl.heads.DinoHead;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The pretraining files, PyTorch zip checkpoints written atomically:
 * <ul>
 *   <li>{@code checkpoint.pth}: a {@link TrainingCheckpoint} of kind {@value #KIND} whose parts
 *       are {@code student}, {@code teacher} (parameter maps), {@code optimizer} ({@code state}:
 *       Adam m/v per parameter; {@code step}: its step count), {@code dino_loss.center} and
 *       {@code iters_per_epoch};
 *   <li>{@value #TEACHER}: the teacher in the release's layout,
 *       {@code {"teacher": {"backbone.…", "head.mlp.…", "head.last_layer.weight_g", "head.last_layer.weight_v"}}}.
 * </ul>
 */
public final class PretrainCheckpoint {

  /** Kind of the training checkpoint. */
  public static final String KIND = "pretrain";
  /** Layout version of the training checkpoint. */
  public static final int VERSION = 2;
  /** The teacher in the release's layout. */
  public static final String TEACHER = "teacher.pth";

  private static final ObjectMapper JSON = new ObjectMapper();

  private PretrainCheckpoint() {}

  /** Writes the run's state as it is before step {@code next}. */
  public static void write(SoliderPretraining run, Position next, Path file) throws IOException {
    Map<String, Object> parts = new LinkedHashMap<>();
    parts.put("student", new LinkedHashMap<>(run.student().parameters()));
    parts.put("teacher", new LinkedHashMap<>(run.teacher().parameters()));
    Map<String, Object> opt = new LinkedHashMap<>();
    opt.put("state", new LinkedHashMap<>(run.optimizer().state()));
    opt.put("step", new LinkedHashMap<>(run.optimizer().steps()));
    parts.put("optimizer", opt);
    parts.put("dino_loss", Map.of("center", run.dinoLoss().center()));
    parts.put("iters_per_epoch", run.itersPerEpoch());
    TrainingCheckpoint.write(file, KIND, VERSION, next, run.config().seed(), toJson(run.config()), parts);
  }

  /** A restored run and the step to continue from. */
  public record Restored(SoliderPretraining run, Position next) {}

  /** Reads a checkpoint written by {@link #write}, with the recomputing student. */
  public static Restored read(Path file) throws IOException {
    return read(file, true);
  }

  /**
   * Reads a checkpoint written by {@link #write}.
   *
   * @param recompute restore the recomputing student (else the whole-graph one)
   */
  public static Restored read(Path file, boolean recompute) throws IOException {
    TrainingCheckpoint.Contents c = TrainingCheckpoint.read(file, KIND, VERSION);
    PretrainConfig config = fromJson(c.config());
    int ipe = ((Number) c.values().get("iters_per_epoch")).intValue();
    SoliderPretraining run = SoliderPretraining.restore(config, ipe, c.part("student"), c.part("teacher"), recompute);
    for (Map.Entry<String, INDArray> e : c.part("optimizer.state").entrySet()) {
      Object step = c.values().get("optimizer.step." + e.getKey());
      run.optimizer().restore(e.getKey(), e.getValue(), ((Number) step).intValue());
    }
    INDArray center = c.tensors().get("dino_loss.center");
    if (center != null) {
      run.dinoLoss().setCenter(center);
    }
    return new Restored(run, c.next());
  }

  /** Writes the teacher (backbone + DINO head) in the release's pretraining-output layout. */
  public static void exportTeacher(SoliderPretraining run, Path file) throws IOException {
    Map<String, Object> teacher = new LinkedHashMap<>();
    for (Map.Entry<String, INDArray> e : run.teacher().parameters().entrySet()) {
      teacher.put(e.getKey(), e.getValue());
      if (e.getKey().endsWith(DinoHead.LAST_LAYER)) {
        String g = e.getKey().substring(0, e.getKey().length() - 1) + "g";
        teacher.put(g, Nd4j.ones(DataType.FLOAT, e.getValue().size(0), 1));
      }
    }
    TorchCheckpointWriter.write(Map.of("teacher", teacher), file);
  }

  public static String toJson(PretrainConfig config) {
    try {
      return JSON.writeValueAsString(config);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write configuration as JSON", e);
    }
  }

  public static PretrainConfig fromJson(String json) throws IOException {
    return JSON.readValue(json, PretrainConfig.class);
  }
}
