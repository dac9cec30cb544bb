package io.solider.ssl.trainer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.solider.nn.checkpoint.Checkpoints;
import io.solider.nn.checkpoint.StateDict;
import io.solider.nn.checkpoint.TensorRef;
import io.solider.nn.checkpoint.TorchCheckpointWriter;
import io.solider.ssl.heads.DinoHead;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The pretraining checkpoint, a PyTorch zip file (so {@code torch.load} opens it too), written
 * atomically, one map of named parts as DINO's {@code save_dict}:
 * {@code student}, {@code teacher} (parameter maps), {@code optimizer} ({@code state}: Adam m/v
 * per parameter; {@code step}: its step count), {@code dino_loss.center}, {@code iteration} (the
 * next one to run), {@code epoch}, {@code iters_per_epoch}, {@code seed}, {@code config} (JSON)
 * and {@code version}. The random state needs no entry: every random choice of iteration i is a
 * function of (seed, i) and the data order of (seed, epoch).
 *
 * <p>{@link #exportTeacher} writes the teacher in the release's layout instead:
 * {@code {"teacher": {"backbone.…", "head.mlp.…", "head.last_layer.weight_g", "head.last_layer.weight_v"}}}.
 */
public final class PretrainCheckpoint {

  /** Format version of our checkpoint. */
  public static final int VERSION = 1;

  private static final ObjectMapper JSON = new ObjectMapper();

  private PretrainCheckpoint() {}

  /** Writes the run's state as it is before iteration {@code nextIteration}. */
  public static void write(SoliderPretraining run, long nextIteration, Path file) throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("version", VERSION);
    root.put("student", new LinkedHashMap<>(run.student().parameters()));
    root.put("teacher", new LinkedHashMap<>(run.teacher().parameters()));
    Map<String, Object> opt = new LinkedHashMap<>();
    opt.put("state", new LinkedHashMap<>(run.optimizer().state()));
    opt.put("step", new LinkedHashMap<>(run.optimizer().steps()));
    root.put("optimizer", opt);
    root.put("dino_loss", Map.of("center", run.dinoLoss().center()));
    root.put("iteration", nextIteration);
    root.put("epoch", (int) (nextIteration / run.itersPerEpoch()));
    root.put("iters_per_epoch", run.itersPerEpoch());
    root.put("seed", run.config().seed());
    root.put("config", toJson(run.config()));
    TorchCheckpointWriter.write(root, file);
  }

  /** A restored run and the iteration to continue from. */
  public record Restored(SoliderPretraining run, long nextIteration) {}

  /** Reads a checkpoint written by {@link #write}, with the recomputing student. */
  public static Restored read(Path file) throws IOException {
    return read(file, true);
  }

  /** Reads a checkpoint written by {@link #write}; {@code recompute} as {@link TrainerOptions#recompute}. */
  public static Restored read(Path file, boolean recompute) throws IOException {
    try (StateDict dict = Checkpoints.read(file)) {
      Object version = dict.values().get("version");
      if (version == null || ((Number) version).intValue() != VERSION) {
        throw new IOException(file + ": not a solider-dl4j pretraining checkpoint (version " + version + ", expected "
            + VERSION + ")");
      }
      PretrainConfig config = fromJson((String) dict.values().get("config"));
      int ipe = ((Number) dict.values().get("iters_per_epoch")).intValue();
      long next = ((Number) dict.values().get("iteration")).longValue();
      Map<String, INDArray> student = new LinkedHashMap<>();
      Map<String, INDArray> teacher = new LinkedHashMap<>();
      Map<String, INDArray> state = new LinkedHashMap<>();
      INDArray center = null;
      for (Map.Entry<String, TensorRef> e : dict.tensors().entrySet()) {
        String k = e.getKey();
        INDArray a = e.getValue().toINDArray(DataType.FLOAT);
        if (k.startsWith("student.")) {
          student.put(k.substring(8), a);
        } else if (k.startsWith("teacher.")) {
          teacher.put(k.substring(8), a);
        } else if (k.startsWith("optimizer.state.")) {
          state.put(k.substring(16), a);
        } else if (k.equals("dino_loss.center")) {
          center = a;
        }
      }
      SoliderPretraining run = SoliderPretraining.restore(config, ipe, student, teacher, recompute);
      for (Map.Entry<String, INDArray> e : state.entrySet()) {
        Object step = dict.values().get("optimizer.step." + e.getKey());
        run.optimizer().restore(e.getKey(), e.getValue(), ((Number) step).intValue());
      }
      if (center != null) {
        run.dinoLoss().setCenter(center);
      }
      return new Restored(run, next);
    }
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
