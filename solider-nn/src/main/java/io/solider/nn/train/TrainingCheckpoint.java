package io.solider.nn.train;

import io.solider.nn.checkpoint.Checkpoints;
import io.solider.nn.checkpoint.StateDict;
import io.solider.nn.checkpoint.TensorRef;
import io.solider.nn.checkpoint.TorchCheckpointWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The full state of a training run as one PyTorch zip file ({@code torch.load} opens it too),
 * written atomically: DINO's "one map of named parts". Every task's checkpoint holds
 * {@code format}, {@code kind} (which task wrote it), {@code version} (of the task's layout),
 * {@code epoch} / {@code batch} / {@code iteration} (the next step to run), {@code seed},
 * {@code config} (the run's configuration as JSON) and the task's own parts (model, optimiser,
 * loss state…, as nested maps of tensors). The random state needs no entry: every draw is a
 * function of (seed, position).
 */
public final class TrainingCheckpoint {

  /** The {@code format} entry of every training checkpoint. */
  public static final String FORMAT = "solider-dl4j training checkpoint";

  private TrainingCheckpoint() {}

  /**
   * Writes a checkpoint.
   *
   * @param kind the task, e.g. "reid" or "pretrain"
   * @param version the task's layout version
   * @param parts the task's named parts: tensors, numbers, strings, nested maps of these
   */
  public static void write(Path file, String kind, int version, Position next, long seed, String configJson,
      Map<String, ?> parts) throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("format", FORMAT);
    root.put("kind", kind);
    root.put("version", version);
    root.put("epoch", next.epoch());
    root.put("batch", next.batch());
    root.put("iteration", next.iteration());
    root.put("seed", seed);
    root.put("config", configJson);
    root.putAll(parts);
    TorchCheckpointWriter.write(root, file);
  }

  /**
   * Reads a checkpoint written by {@link #write} for {@code kind} at {@code version}.
   *
   * @throws IOException naming the file when it is not such a checkpoint (another task's, another
   *     version, a model file)
   */
  public static Contents read(Path file, String kind, int version) throws IOException {
    try (StateDict dict = Checkpoints.read(file)) {
      Map<String, Object> values = dict.values();
      Object format = values.get("format");
      if (!FORMAT.equals(format)) {
        throw new IOException(file + ": not a solider-dl4j training checkpoint (a model file or another program's?)"
            + " — resume needs the checkpoint.pth of a run folder");
      }
      if (!kind.equals(values.get("kind"))) {
        throw new IOException(file + ": a " + values.get("kind") + " training checkpoint, not a " + kind + " one");
      }
      if (!(values.get("version") instanceof Number v) || v.intValue() != version) {
        throw new IOException(file + ": " + kind + " checkpoint layout version " + values.get("version")
            + ", this build reads version " + version);
      }
      Position next = new Position(number(values, "epoch", file).intValue(), number(values, "batch", file).intValue(),
          number(values, "iteration", file).longValue());
      if (!(values.get("config") instanceof String config)) {
        throw new IOException(file + ": checkpoint has no configuration");
      }
      Map<String, INDArray> tensors = new LinkedHashMap<>();
      for (Map.Entry<String, TensorRef> e : dict.tensors().entrySet()) {
        tensors.put(e.getKey(), e.getValue().toINDArray(e.getValue().dtype().isFloating() ? DataType.FLOAT
            : DataType.LONG));
      }
      return new Contents(next, number(values, "seed", file).longValue(), config, tensors, values);
    }
  }

  private static Number number(Map<String, Object> values, String key, Path file) throws IOException {
    if (!(values.get(key) instanceof Number n)) {
      throw new IOException(file + ": checkpoint entry '" + key + "' is missing or not a number");
    }
    return n;
  }

  /**
   * What a checkpoint holds.
   *
   * @param next the next step to run
   * @param config the configuration JSON
   * @param tensors every tensor by flattened key ({@code model.base.patch_embed…}), floating
   *     point as float32, integers as int64
   * @param values the non-tensor entries by flattened key
   */
  public record Contents(Position next, long seed, String config, Map<String, INDArray> tensors,
      Map<String, Object> values) {

    /** The tensors under {@code prefix + "."}, with the prefix removed. */
    public Map<String, INDArray> part(String prefix) {
      return part(prefix, k -> true);
    }

    /** The tensors under {@code prefix + "."} whose remaining key matches {@code keep}. */
    public Map<String, INDArray> part(String prefix, Predicate<String> keep) {
      String p = prefix + ".";
      Map<String, INDArray> m = new LinkedHashMap<>();
      tensors.forEach((k, v) -> {
        if (k.startsWith(p) && keep.test(k.substring(p.length()))) {
          m.put(k.substring(p.length()), v);
        }
      });
      return m;
    }
  }
}
