package io.solider.nn.backbone;

import io.solider.nn.checkpoint.Checkpoints;
import io.solider.nn.checkpoint.StateDict;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A SOLIDER backbone: its architecture and its parameters (keyed by the release's state-dict
 * keys). Builds runnable graphs for any input size; every graph built from one backbone shares
 * its parameter arrays.
 */
public final class Backbone {

  private static final Logger log = LoggerFactory.getLogger(Backbone.class);

  private final SwinConfig config;
  private final Map<String, INDArray> parameters;

  private Backbone(SwinConfig config, Map<String, INDArray> parameters) {
    this.config = config;
    this.parameters = parameters;
  }

  /** Fresh parameters as the release initialises them, reproducible from {@code seed}. */
  public static Backbone initialized(SwinConfig config, long seed) {
    RandomParameters init = new RandomParameters(seed);
    Map<String, INDArray> params = new LinkedHashMap<>();
    // Build once to learn each parameter's initialiser from the block that declares it.
    SwinBackbone.build(config, (key, how, shape) -> {
      INDArray a = init.get(key, how, shape);
      params.put(key, a);
      return a;
    }, config.patchSize(), config.patchSize(), BackboneMode.INFERENCE);
    return new Backbone(config, params);
  }

  /**
   * A backbone from state-dict tensors (prefixes already stripped); the architecture is inferred
   * from their shapes.
   *
   * @param source names the file in error messages
   * @throws IllegalArgumentException listing every missing key and shape mismatch
   */
  public static Backbone fromTensors(Map<String, INDArray> tensors, String source) {
    Map<String, long[]> shapes = new LinkedHashMap<>();
    tensors.forEach((k, v) -> shapes.put(k, v.shape()));
    SwinConfig config = checkedConfig(shapes, source);
    Map<String, INDArray> params = new LinkedHashMap<>();
    for (String key : BackboneKeys.expectedShapes(config).keySet()) {
      INDArray a = tensors.get(key);
      params.put(key, a.dataType() == DataType.FLOAT ? a : a.castTo(DataType.FLOAT));
    }
    return loaded(config, params, source);
  }

  /**
   * Loads a SOLIDER checkpoint in any layout {@link Checkpoints#readBackbone} accepts (release
   * pretraining output, full pretraining checkpoint, state_dict/model wrappers, .npz,
   * .safetensors); only the backbone's tensors are read from disk.
   */
  public static Backbone fromCheckpoint(Path file) throws IOException {
    try (StateDict dict = Checkpoints.readBackbone(file)) {
      return fromStateDict(dict, file.toString());
    }
  }

  /**
   * Loads the backbone found under {@code wrapper} of a checkpoint (a dotted path of top-level
   * key and prefixes, e.g. {@code "state_dict_ema"} for an attribute model, or
   * {@code "model.roi_heads.reid_head.swin"} for person search's re-id head copy); {@code module.}
   * and {@code backbone.} are stripped below it as usual. The architecture, including which output
   * norms exist, is read off the tensors; strides are the release's until set with
   * {@link #withConfig}.
   */
  public static Backbone fromCheckpoint(Path file, String wrapper) throws IOException {
    try (StateDict dict = Checkpoints.readBackbone(file, wrapper)) {
      return fromStateDict(dict, file + (wrapper == null || wrapper.isEmpty() ? "" : " [" + wrapper + "]"));
    }
  }

  private static Backbone fromStateDict(StateDict dict, String source) throws IOException {
    SwinConfig config = checkedConfig(shapes(dict), source);
    Map<String, INDArray> params = new LinkedHashMap<>();
    for (String key : BackboneKeys.expectedShapes(config).keySet()) {
      params.put(key, dict.tensors().get(key).toINDArray(DataType.FLOAT));
    }
    return loaded(config, params, source);
  }

  /**
   * The architecture of a checkpoint's backbone, read off the tensor shapes without loading the
   * tensors (any layout {@link #fromCheckpoint} accepts).
   */
  public static SwinConfig architectureOf(Path file) throws IOException {
    try (StateDict dict = Checkpoints.readBackbone(file)) {
      return checkedConfig(shapes(dict), file.toString());
    }
  }

  private static Map<String, long[]> shapes(StateDict dict) {
    Map<String, long[]> shapes = new LinkedHashMap<>();
    dict.tensors().forEach((k, v) -> shapes.put(k, v.shape()));
    return shapes;
  }

  /**
   * Infers the architecture from {@code shapes} and checks every key it needs.
   *
   * @throws IllegalArgumentException listing every missing key and shape mismatch
   */
  static SwinConfig checkedConfig(Map<String, long[]> shapes, String source) {
    SwinConfig config;
    try {
      config = ArchitectureInference.infer(shapes);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
    Map<String, long[]> expected = BackboneKeys.expectedShapes(config);
    List<String> missing = new ArrayList<>();
    List<String> mismatched = new ArrayList<>();
    expected.forEach((key, shape) -> {
      long[] found = shapes.get(key);
      if (found == null) {
        missing.add(key);
      } else if (!Arrays.equals(found, shape)) {
        mismatched.add(key + " expected " + Arrays.toString(shape) + " found " + Arrays.toString(found));
      }
    });
    if (!missing.isEmpty() || !mismatched.isEmpty()) {
      StringBuilder sb = new StringBuilder(source).append(": checkpoint does not fit a ")
          .append(describe(config)).append(" backbone");
      if (!missing.isEmpty()) {
        sb.append("; missing ").append(missing.size()).append(" keys: ").append(String.join(", ", missing));
      }
      if (!mismatched.isEmpty()) {
        sb.append("; shape mismatch: ").append(String.join("; ", mismatched));
      }
      throw new IllegalArgumentException(sb.toString());
    }
    List<String> unused = shapes.keySet().stream().filter(k -> !expected.containsKey(k)).toList();
    if (!unused.isEmpty()) {
      log.debug("{}: {} tensors not used by the backbone: {}", source, unused.size(), unused);
    }
    return config;
  }

  private static Backbone loaded(SwinConfig config, Map<String, INDArray> params, String source) {
    log.info("{}: {} backbone, {} parameters", source, describe(config), parameterCount(params));
    return new Backbone(config, params);
  }

  /**
   * This backbone with another configuration of the same parameter shapes: other rates or
   * strides, or fewer output norms (e.g. the pedestrian-detection variant, out_indices 1,2,3, from
   * a pretrained checkpoint that has all four: the unused norms are left out, as the release's
   * non-strict loading leaves them). The arrays are shared, not copied.
   */
  public Backbone withConfig(SwinConfig other) {
    if (!config.dims().equals(other.dims()) || !config.outIndices().containsAll(other.outIndices())) {
      throw new IllegalArgumentException("configuration " + describe(other) + " does not match the parameters of "
          + describe(config));
    }
    Map<String, INDArray> kept = new LinkedHashMap<>();
    Map<String, long[]> wanted = BackboneKeys.expectedShapes(other);
    parameters.forEach((k, v) -> {
      if (wanted.containsKey(k)) {
        kept.put(k, v);
      }
    });
    return new Backbone(other, kept);
  }

  /** Builds a graph of the whole backbone for {@code height × width} inputs. */
  public BackboneGraph graph(int height, int width, BackboneMode mode) {
    return graph(StageRange.whole(), height, width, mode);
  }

  /**
   * Builds a graph of a range of the backbone.
   *
   * @param height input height: image pixels, or the input map's height for a range after a stage
   * @param width input width, likewise
   */
  public BackboneGraph graph(StageRange range, int height, int width, BackboneMode mode) {
    SameDiff sd = SwinBackbone.build(config, new MapParameters(parameters), range, height, width, mode);
    return new BackboneGraph(sd, config, range, height, width, mode);
  }

  public SwinConfig config() {
    return config;
  }

  /** The parameters in the release's key order; the arrays are live (training updates them). */
  public Map<String, INDArray> parameters() {
    return Collections.unmodifiableMap(parameters);
  }

  /** Total number of parameter values. */
  public long parameterCount() {
    return parameterCount(parameters);
  }

  /** e.g. "C=96 depths=[2, 2, 6, 2] heads=[3, 6, 12, 24] window=7". */
  public static String describe(SwinConfig c) {
    String variant = (c.strides().equals(SwinConfig.Variant.release(c.patchSize()).strides()) ? ""
        : " strides=" + c.strides()) + (c.outIndices().size() == SwinConfig.NUM_STAGES ? "" : " outIndices=" + c.outIndices());
    return "Swin C=" + c.embedDim() + " depths=" + c.depths() + " heads=" + c.numHeads() + " window=" + c.windowSize()
        + " patch=" + c.patchSize() + " mlp=" + c.mlpRatio() + variant;
  }

  private static long parameterCount(Map<String, INDArray> params) {
    return params.values().stream().mapToLong(INDArray::length).sum();
  }
}
