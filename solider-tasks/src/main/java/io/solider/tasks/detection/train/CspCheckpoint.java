package io.solider.tasks.detection.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.solider.nn.checkpoint.TorchCheckpointWriter;
import io.solider.nn.optim.Adam;
import io.solider.nn.train.Position;
import io.solider.nn.train.TrainingCheckpoint;
import io.solider.tasks.detection.head.CspModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The detection trainer's files, PyTorch zip checkpoints written atomically:
 * <ul>
 *   <li>{@value #MODEL}: the trained model as the release's {@code epoch_N.pth} holds it,
 *       {@code {"meta": {"epoch", "iter"}, "state_dict": {backbone.*, neck.*, bbox_head.*}}} (epochs
 *       done and steps run, as mmcv's {@code meta});
 *   <li>{@value #TEACHER}: the mean teacher as the release's {@code epoch_N.pth.stu},
 *       {@code {"state_dict": …}}: the model the release evaluates (absent with the mean teacher off);
 *   <li>{@code checkpoint.pth}: a {@link TrainingCheckpoint} of kind {@value CspTraining#KIND}
 *       whose parts are {@code model}, {@code teacher} (once there is one), {@code optimizer}
 *       ({@code exp_avg}, {@code exp_avg_sq}, {@code step} per key) and {@code iters_per_epoch}.
 * </ul>
 */
public final class CspCheckpoint {

  /** Layout version of the training checkpoint. */
  public static final int VERSION = 1;
  /** The trained model in the release's layout. */
  public static final String MODEL = "model.pth";
  /** The mean teacher in the release's layout (the release's {@code .stu} suffix). */
  public static final String TEACHER = "model.pth.stu";

  private static final ObjectMapper JSON = new ObjectMapper();

  private CspCheckpoint() {}

  /** A restored run and where it continues. */
  public record Restored(CspTraining run, Position next) {}

  /** Writes {@value #MODEL} and, with a mean teacher, {@value #TEACHER} into {@code dir}. */
  static void writeModels(CspTraining run, Position next, Path dir) throws IOException {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("epoch", next.epoch());
    meta.put("iter", next.iteration());
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("meta", meta);
    model.put("state_dict", new LinkedHashMap<>(run.model().stateDict()));
    TorchCheckpointWriter.write(model, dir.resolve(MODEL));
    if (run.config().meanTeacher().enabled()) {
      Map<String, INDArray> t = run.teacher() != null ? run.teacher() : run.model().stateDict();
      TorchCheckpointWriter.write(Map.of("state_dict", new LinkedHashMap<>(t)), dir.resolve(TEACHER));
    } else {
      Files.deleteIfExists(dir.resolve(TEACHER));
    }
  }

  /** Writes the full training state before step {@code next}. */
  public static void write(CspTraining run, Position next, Path file) throws IOException {
    Map<String, Object> parts = new LinkedHashMap<>();
    parts.put("model", new LinkedHashMap<>(run.model().stateDict()));
    if (run.teacher() != null) {
      parts.put("teacher", new LinkedHashMap<>(run.teacher()));
    }
    Adam adam = run.optimizer();
    Map<String, Object> opt = new LinkedHashMap<>();
    opt.put("exp_avg", new LinkedHashMap<>(adam.expAvg()));
    opt.put("exp_avg_sq", new LinkedHashMap<>(adam.expAvgSq()));
    opt.put("step", new LinkedHashMap<>(adam.steps()));
    parts.put("optimizer", opt);
    parts.put("iters_per_epoch", run.itersPerEpoch());
    TrainingCheckpoint.write(file, CspTraining.KIND, VERSION, next, run.config().seed(), toJson(run.config()), parts);
  }

  /** Reads a checkpoint written by {@link #write}. */
  public static Restored read(Path file) throws IOException {
    TrainingCheckpoint.Contents c = TrainingCheckpoint.read(file, CspTraining.KIND, VERSION);
    CspTrainConfig config = fromJson(c.config());
    CspModel model = CspModel.fromStateDict(c.part("model"), file.toString());
    Map<String, INDArray> teacher = c.part("teacher");
    Adam adam = CspTraining.adam(config.optimizer());
    Map<String, INDArray> m = c.part("optimizer.exp_avg");
    Map<String, INDArray> v = c.part("optimizer.exp_avg_sq");
    for (Map.Entry<String, INDArray> e : m.entrySet()) {
      Object step = c.values().get("optimizer.step." + e.getKey());
      if (!(step instanceof Number n) || !v.containsKey(e.getKey())) {
        throw new IOException(file + ": optimizer state of " + e.getKey() + " is incomplete");
      }
      adam.restore(e.getKey(), e.getValue(), v.get(e.getKey()), n.longValue());
    }
    if (!(c.values().get("iters_per_epoch") instanceof Number ipe)) {
      throw new IOException(file + ": checkpoint entry 'iters_per_epoch' is missing");
    }
    CspTraining run = CspTraining.restore(config, model, teacher.isEmpty() ? null : teacher, adam, ipe.intValue());
    return new Restored(run, c.next());
  }

  public static String toJson(CspTrainConfig config) {
    try {
      return JSON.writeValueAsString(config);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write configuration as JSON", e);
    }
  }

  public static CspTrainConfig fromJson(String json) throws IOException {
    return JSON.readValue(json, CspTrainConfig.class);
  }
}
