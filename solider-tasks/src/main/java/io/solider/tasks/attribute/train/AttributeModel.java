package io.solider.tasks.attribute.train;

import io.solider.nn.backbone.Backbone;
import io.solider.nn.checkpoint.Checkpoints;
import io.solider.nn.checkpoint.StateDict;
import io.solider.nn.checkpoint.TensorRef;
import io.solider.nn.checkpoint.TorchCheckpointWriter;
import io.solider.nn.ops.WindowGeometry;
import io.solider.tasks.attribute.head.AttributeHead;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An attribute model: SOLIDER backbone plus {@link AttributeHead}, the release's
 * {@code FeatClassifier(backbone, LinearClassifier)}. Its state dict has the release's keys:
 * {@code backbone.<backbone key>} and {@code classifier.logits.0.weight/bias}.
 *
 * <p>Two files in the release's layouts ({@link #writeStateDict}, {@link #writeReleaseCheckpoint}),
 * both with the {@code relative_position_index} buffers the release's Swin registers, so that
 * {@code load_state_dict(strict=True)} accepts them; {@link #load} reads either, our training
 * checkpoint, or any file that holds a backbone and the head.
 *
 * @param backbone the backbone (its arrays are live: training updates them)
 * @param head the classifier
 */
public record AttributeModel(Backbone backbone, AttributeHead head) {

  /** Prefix of the backbone's keys in the release's model ({@code FeatClassifier.backbone}). */
  public static final String BACKBONE = "backbone.";
  /** DataParallel's prefix, as the release's train.py saves {@code state_dicts}. */
  public static final String DATA_PARALLEL = "module.";

  private static final String BIAS_TABLE = "attn.w_msa.relative_position_bias_table";
  private static final String POSITION_INDEX = "attn.w_msa.relative_position_index";

  /** The parameters in the release's layout, backbone first (live arrays). */
  public Map<String, INDArray> stateDict() {
    Map<String, INDArray> m = new LinkedHashMap<>();
    backbone.parameters().forEach((k, v) -> m.put(BACKBONE + k, v));
    m.putAll(head.stateDict());
    return m;
  }

  /**
   * Everything the release's {@code FeatClassifier.state_dict()} holds: the parameters and, after
   * each block's bias table, its int64 {@code relative_position_index} buffer (the index of
   * {@link WindowGeometry#relativePositionIndex}, equal to mmcv's {@code double_step_seq}
   * construction).
   */
  public Map<String, INDArray> releaseStateDict() {
    int w = backbone.config().windowSize();
    int[] index = WindowGeometry.relativePositionIndex(w);
    long[] asLong = new long[index.length];
    for (int i = 0; i < index.length; i++) {
      asLong[i] = index[i];
    }
    Map<String, INDArray> m = new LinkedHashMap<>();
    for (Map.Entry<String, INDArray> e : stateDict().entrySet()) {
      m.put(e.getKey(), e.getValue());
      if (e.getKey().endsWith(BIAS_TABLE)) {
        String key = e.getKey().substring(0, e.getKey().length() - BIAS_TABLE.length()) + POSITION_INDEX;
        m.put(key, Nd4j.createFromArray(asLong).reshape((long) w * w, (long) w * w));
      }
    }
    return m;
  }

  /** Writes {@link #releaseStateDict()} as a plain state dict ({@code torch.save(model.state_dict())}). */
  public void writeStateDict(Path file) throws IOException {
    TorchCheckpointWriter.write(new LinkedHashMap<>(releaseStateDict()), file);
  }

  /**
   * Writes the release's {@code save_ckpt} layout: {@code state_dicts} (the DataParallel state
   * dict, keys with {@code module.}), {@code state_dict_ema} (the same tensors without it: the
   * release's unwrapped model, EMA being off), {@code epoch} ("{@code yyyy-MM-dd_HH:mm:ss in epoch
   * N}", the release's text) and {@code metric} (the test mA it was kept for). The release's
   * {@code get_reload_weight} loads it with {@code strict=True}.
   */
  public void writeReleaseCheckpoint(Path file, int epoch, double metric) throws IOException {
    Map<String, INDArray> plain = releaseStateDict();
    Map<String, INDArray> parallel = new LinkedHashMap<>();
    plain.forEach((k, v) -> parallel.put(DATA_PARALLEL + k, v));
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("state_dicts", parallel);
    root.put("state_dict_ema", new LinkedHashMap<>(plain));
    root.put("epoch", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd_HH:mm:ss")) + " in epoch "
        + epoch);
    root.put("metric", metric);
    TorchCheckpointWriter.write(root, file);
  }

  /**
   * The attribute model in {@code file}: a release state dict (bare or DataParallel), the
   * release's {@code save_ckpt} file, this project's model files or training checkpoint.
   *
   * @throws IllegalArgumentException naming the file when it holds no attribute head (another
   *     task's model, a pretraining checkpoint) or no backbone
   */
  public static AttributeModel load(Path file) throws IOException {
    AttributeHead head;
    try (StateDict all = Checkpoints.read(file)) {
      Map<String, INDArray> candidates = new LinkedHashMap<>();
      for (Map.Entry<String, TensorRef> e : all.tensors().entrySet()) {
        String k = e.getKey();
        if (k.endsWith(AttributeHead.WEIGHT) || k.endsWith(AttributeHead.BIAS)) {
          candidates.put(k, e.getValue().toINDArray(DataType.FLOAT));
        }
      }
      head = AttributeHead.fromCheckpoint(candidates, file.toString());
    }
    Backbone backbone = Backbone.fromCheckpoint(file);
    if (backbone.config().pooledDim() != head.dim()) {
      throw new IllegalArgumentException(file + ": the head takes " + head.dim() + "-d features but the backbone gives "
          + backbone.config().pooledDim());
    }
    return new AttributeModel(backbone, head);
  }
}
