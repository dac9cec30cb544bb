package io.solider.tasks.reid.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.solider.nn.checkpoint.Checkpoints;
import io.solider.nn.checkpoint.StateDict;
import io.solider.nn.checkpoint.TensorRef;
import io.solider.nn.checkpoint.TorchCheckpointWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The re-id trainer's files, PyTorch zip checkpoints written atomically (temp file + rename):
 * <ul>
 *   <li>{@code model.pth}: the release's model state dict, flat ({@code base.<backbone key>},
 *       {@code bottleneck.weight/bias/running_mean/running_var/num_batches_tracked},
 *       {@code classifier.weight}), as SOLIDER-REID's {@code torch.save(model.state_dict())};
 *   <li>{@code checkpoint.pth}: everything to resume exactly — {@code model} (the same tensors),
 *       {@code optimizer.momentum_buffer.<key>} (SGD buffers), {@code epoch} / {@code batch} /
 *       {@code iteration} (the next step to run), {@code seed}, {@code config} (JSON) and
 *       {@code version}. The random state needs no entry: every draw of a step is a function of
 *       (seed, iteration) and the data of (seed, epoch, position).
 * </ul>
 */
public final class ReidCheckpoint {

  public static final int VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MODEL = "model.";
  private static final String BUFFER = "optimizer.momentum_buffer.";

  private ReidCheckpoint() {}

  /** Where a run continues: the next epoch, batch within it and global iteration. */
  public record Position(int epoch, int batch, long iteration) {}

  /** A restored run and where it continues. */
  public record Restored(ReidTraining run, Position next) {}

  /** Writes the release-layout model file. */
  public static void writeModel(ReidModel model, Path file) throws IOException {
    TorchCheckpointWriter.write(new LinkedHashMap<>(model.stateDict()), file);
  }

  /** Writes the full training state before step {@code next}. */
  public static void write(ReidTraining run, Position next, Path file) throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("version", VERSION);
    root.put("model", new LinkedHashMap<>(run.model().stateDict()));
    root.put("optimizer", Map.of("momentum_buffer", new LinkedHashMap<>(run.optimizer().buffers())));
    root.put("epoch", next.epoch());
    root.put("batch", next.batch());
    root.put("iteration", next.iteration());
    root.put("seed", run.config().seed());
    root.put("config", toJson(run.config()));
    TorchCheckpointWriter.write(root, file);
  }

  /** Reads a checkpoint written by {@link #write}. */
  public static Restored read(Path file) throws IOException {
    try (StateDict dict = Checkpoints.read(file)) {
      Object version = dict.values().get("version");
      if (!(version instanceof Number v) || v.intValue() != VERSION || dict.values().get("config") == null) {
        throw new IOException(file + ": not a solider-dl4j re-id training checkpoint (version " + version
            + ", expected " + VERSION + ")");
      }
      ReidTrainConfig config = fromJson((String) dict.values().get("config"));
      Map<String, INDArray> model = new LinkedHashMap<>();
      Map<String, INDArray> buffers = new LinkedHashMap<>();
      for (Map.Entry<String, TensorRef> e : dict.tensors().entrySet()) {
        String k = e.getKey();
        if (k.startsWith(MODEL)) {
          INDArray a = e.getValue().toINDArray(k.endsWith("num_batches_tracked") ? DataType.LONG : DataType.FLOAT);
          model.put(k.substring(MODEL.length()), a);
        } else if (k.startsWith(BUFFER)) {
          buffers.put(k.substring(BUFFER.length()), e.getValue().toINDArray(DataType.FLOAT));
        }
      }
      ReidTraining run = ReidTraining.restore(config, ReidModel.fromStateDict(model, file.toString()), buffers);
      Position next = new Position(((Number) dict.values().get("epoch")).intValue(),
          ((Number) dict.values().get("batch")).intValue(), ((Number) dict.values().get("iteration")).longValue());
      return new Restored(run, next);
    }
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
