package io.solider.tasks.parsing.head;

import io.solider.nn.backbone.Backbone;
import io.solider.nn.backbone.RandomParameters;
import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.blocks.ParameterStore;
import io.solider.nn.checkpoint.Checkpoints;
import io.solider.nn.checkpoint.StateDict;
import io.solider.nn.checkpoint.TensorRef;
import io.solider.nn.checkpoint.TorchCheckpointWriter;
import io.solider.nn.ops.WindowGeometry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A parsing model as the release's {@code SwinTransformer} of SOLIDER-HumanParsing, which is the
 * whole network: the backbone (strides 4, 2, 2, 1, all four output norms, drop path 0) and the
 * {@link SchpHead}. Its state dict has the release's keys at the top level ({@code patch_embed.*},
 * {@code stages.*}, {@code norm0..3.*}, {@code semantic_embed_w/b.*}, then
 * {@code context_encoding.*}, {@code edge.*}, {@code decoder.*}, {@code fushion.*}); the release's
 * files wrap it as {@code {'epoch', 'state_dict'}} (train.py's checkpoints) or
 * {@code {'state_dict', 'cycle_n'}} (its SCHP checkpoints), keys prefixed {@code module.} by
 * DistributedDataParallel. {@link #read} takes either, with or without the prefix; {@link #write}
 * and {@link #writeSchp} write them the way train.py does, including the backbone's
 * {@code relative_position_index} buffers, so that evaluate.py's strict {@code load_state_dict}
 * accepts our files.
 *
 * <p>The arrays are live: training updates them in place, and every graph built on the model sees
 * that.
 */
public final class ParsingModel {

  /** The release's strides for parsing: stage 3 keeps stage 2's resolution (stride 16). */
  public static final int[] STRIDES = {4, 2, 2, 1};
  /** DistributedDataParallel's key prefix in the release's files. */
  public static final String MODULE = "module.";
  private static final String QKV_WEIGHT = "qkv.weight";
  /**
   * The release's module order of the backbone's keys (its {@code SwinTransformer} registers the
   * output norms and the semantic controller after all stages); "" takes whatever is left.
   */
  private static final List<String> BACKBONE_ORDER = List.of("patch_embed.", "stages.", "norm", "semantic_embed_w.",
      "semantic_embed_b.", "");

  private final Backbone backbone;
  private final ParameterStore head;
  private final SchpHead.Spec spec;

  private ParsingModel(Backbone backbone, ParameterStore head, SchpHead.Spec spec) {
    this.backbone = backbone;
    this.head = head;
    this.spec = spec;
  }

  /** The parsing variant of a backbone's architecture: strides 4, 2, 2, 1, drop path 0 (the release's factory). */
  public static SwinConfig parsingVariant(SwinConfig arch) {
    return arch.withStrides(STRIDES).withDropPathRate(0);
  }

  /**
   * A model with {@code backbone} (its arrays, in the parsing variant) and a new head initialised
   * as PyTorch initialises it, from {@code seed}.
   */
  public static ParsingModel create(Backbone backbone, SchpHead.Spec spec, long seed) {
    Backbone b = backbone.withConfig(parsingVariant(backbone.config()));
    ParameterStore store = ParameterStore.initialized(new RandomParameters(seed));
    ParsingModel m = new ParsingModel(b, store, spec);
    m.materialise();
    return m;
  }

  /** Creates every head array by building the head once (the store makes arrays when a graph asks). */
  private void materialise() {
    int side = 4 * backbone.config().patchSize();
    SchpHead.graph(spec, SchpHead.stageGrids(backbone.config(), side, side), head, false);
  }

  /**
   * Reads a parsing model file: the release's {@code checkpoint_N.pth.tar} or
   * {@code schp_N_checkpoint.pth.tar}, our {@code model.pth} / {@code schp_model.pth}, or a bare
   * state dict; {@code module.} prefixes are stripped.
   *
   * @throws IOException naming the file when it holds no parsing head (e.g. a pretraining or
   *     another task's checkpoint) or its tensors do not fit together
   */
  public static ParsingModel read(Path file) throws IOException {
    Map<String, INDArray> state = new LinkedHashMap<>();
    try (StateDict dict = Checkpoints.read(file)) {
      String wrapper = dict.tensors().keySet().stream().anyMatch(k -> k.startsWith("state_dict.")) ? "state_dict." : "";
      for (Map.Entry<String, TensorRef> e : dict.tensors().entrySet()) {
        String k = e.getKey();
        if (!k.startsWith(wrapper)) {
          continue;
        }
        k = k.substring(wrapper.length());
        if (k.startsWith(MODULE)) {
          k = k.substring(MODULE.length());
        }
        if (!k.endsWith("relative_position_index")) {
          TensorRef t = e.getValue();
          state.put(k, t.toINDArray(t.dtype().isFloating() ? DataType.FLOAT : DataType.LONG));
        }
      }
    }
    try {
      return fromStateDict(state, file.toString());
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /**
   * A model from a state dict in the release's layout (bare keys).
   *
   * @param source names the origin in error messages
   * @throws IllegalArgumentException when the head's keys are missing or their shapes do not fit
   */
  public static ParsingModel fromStateDict(Map<String, INDArray> state, String source) {
    String probe = "decoder.conv4.weight";
    String psp = "context_encoding.stages.0.1.weight";
    if (!state.containsKey(probe) || !state.containsKey(psp)) {
      List<String> some = state.keySet().stream().limit(6).toList();
      throw new IllegalArgumentException(source + ": not a parsing model (no '" + probe + "'; keys: " + some
          + (state.size() > some.size() ? ", …" : "") + ")");
    }
    Map<String, INDArray> backboneTensors = new LinkedHashMap<>();
    Map<String, INDArray> headTensors = new LinkedHashMap<>();
    state.forEach((k, v) -> (isHeadKey(k) ? headTensors : backboneTensors).put(k, v));
    Backbone b = Backbone.fromTensors(backboneTensors, source);
    SchpHead.Spec spec = new SchpHead.Spec(b.config().embedDim(), (int) state.get(probe).size(0),
        (int) state.get(psp).size(0));
    ParsingModel m = new ParsingModel(b.withConfig(parsingVariant(b.config())), ParameterStore.of(headTensors, source),
        spec);
    m.materialise(); // fails naming a missing key or a wrong shape
    if (!m.head.unused().isEmpty()) {
      throw new IllegalArgumentException(source + ": tensors the parsing head does not have: " + m.head.unused());
    }
    return m;
  }

  /** True for a key of the head (not the backbone). */
  public static boolean isHeadKey(String key) {
    return SchpHead.PARTS.stream().anyMatch(key::startsWith);
  }

  public Backbone backbone() {
    return backbone;
  }

  /** The head's parameters and buffers (live). */
  public ParameterStore head() {
    return head;
  }

  public SchpHead.Spec spec() {
    return spec;
  }

  /** The state dict in the release's layout and module order (backbone, then head), live arrays. */
  public Map<String, INDArray> stateDict() {
    Map<String, INDArray> params = backbone.parameters();
    Map<String, INDArray> m = new LinkedHashMap<>();
    for (String group : BACKBONE_ORDER) {
      params.forEach((k, v) -> {
        if (!k.startsWith(group)) {
          return; // "" takes every key, putIfAbsent keeps those placed already
        }
        // torch's WindowMSA registers its bias table before qkv
        String table = k.endsWith(QKV_WEIGHT)
            ? k.substring(0, k.length() - QKV_WEIGHT.length()) + "relative_position_bias_table" : null;
        if (table != null && params.containsKey(table)) {
          m.putIfAbsent(table, params.get(table));
        }
        m.putIfAbsent(k, v);
      });
    }
    for (String part : SchpHead.PARTS) {
      head.state().forEach((k, v) -> {
        if (k.startsWith(part)) {
          m.put(k, v);
        }
      });
    }
    return m;
  }

  /** A deep copy (the SCHP model starts as one). */
  public ParsingModel copy() {
    Map<String, INDArray> b = new LinkedHashMap<>();
    backbone.parameters().forEach((k, v) -> b.put(k, v.dup()));
    Map<String, INDArray> h = new LinkedHashMap<>();
    head.state().forEach((k, v) -> h.put(k, v.dup()));
    Backbone copied = Backbone.fromTensors(b, "copy").withConfig(backbone.config());
    ParsingModel m = new ParsingModel(copied, ParameterStore.of(h, "copy"), spec);
    m.materialise();
    return m;
  }

  /** Writes train.py's checkpoint layout: {@code {'epoch': epoch, 'state_dict': {module.KEY: …}}}. */
  public void write(Path file, int epoch) throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("epoch", epoch);
    root.put("state_dict", releaseStateDict());
    TorchCheckpointWriter.write(root, file);
  }

  /** Writes train.py's SCHP checkpoint layout: {@code {'state_dict': {module.KEY: …}, 'cycle_n': cycle}}. */
  public void writeSchp(Path file, int cycle) throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("state_dict", releaseStateDict());
    root.put("cycle_n", cycle);
    TorchCheckpointWriter.write(root, file);
  }

  /**
   * The state dict as the release's DistributedDataParallel model saves it: {@code module.}
   * prefixes and, after each block's bias table, its int64 {@code relative_position_index} buffer.
   */
  Map<String, INDArray> releaseStateDict() {
    Map<String, INDArray> out = new LinkedHashMap<>();
    INDArray index = relativePositionIndex(backbone.config().windowSize());
    stateDict().forEach((k, v) -> {
      out.put(MODULE + k, v);
      if (k.endsWith("relative_position_bias_table")) {
        out.put(MODULE + k.replace("relative_position_bias_table", "relative_position_index"), index);
      }
    });
    return out;
  }

  private static INDArray relativePositionIndex(int window) {
    int[] idx = WindowGeometry.relativePositionIndex(window);
    long[] values = new long[idx.length];
    for (int i = 0; i < idx.length; i++) {
      values[i] = idx[i];
    }
    int n = window * window;
    return Nd4j.createFromArray(values).reshape(n, n);
  }

  /** Head keys in the release's order (for tests and reports). */
  public List<String> headKeys() {
    List<String> keys = new ArrayList<>();
    stateDict().keySet().stream().filter(ParsingModel::isHeadKey).forEach(keys::add);
    return keys;
  }
}
