package io.solider.tasks.pose.head;

import io.solider.nn.backbone.Backbone;
import io.solider.nn.backbone.RandomParameters;
import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.blocks.ParameterStore;
import io.solider.nn.checkpoint.Checkpoints;
import io.solider.nn.checkpoint.StateDict;
import io.solider.nn.checkpoint.TensorRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A top-down pose model as the release's {@code TopDown} detector holds it: the SOLIDER backbone in
 * the pose variant (strides 4, 2, 1, 1, no drop path) and {@link PoseHead}. Its state dict has the
 * release's keys: {@code backbone.<backbone key>} then {@code keypoint_head.*}, so a fine-tuned
 * checkpoint of the release ({@code {'meta', 'state_dict', 'optimizer'}}) loads, and ours load
 * there. The arrays are live: training updates them in place.
 */
public final class PoseModel {

  /** Prefix of the backbone's keys in the release's model. */
  public static final String BACKBONE = "backbone.";

  private final Backbone backbone;
  private final ParameterStore head;

  private PoseModel(Backbone backbone, ParameterStore head) {
    this.backbone = backbone;
    this.head = head;
  }

  /** The release's pose backbone variant of {@code arch}: strides 4, 2, 1, 1 and drop path 0. */
  public static SwinConfig variant(SwinConfig arch) {
    return arch.withStrides(4, 2, 1, 1).withDropPathRate(0);
  }

  /**
   * A model on {@code backbone} (put in the pose variant here) with a fresh head initialised as the
   * release's {@code init_weights}, reproducible from {@code seed}.
   */
  public static PoseModel create(Backbone backbone, long seed) {
    Backbone b = backbone.withConfig(variant(backbone.config()));
    ParameterStore store = ParameterStore.initialized(new RandomParameters(seed));
    PoseModel m = new PoseModel(b, store);
    m.checkHead("a new head");
    return m;
  }

  /**
   * A model from a state dict in the release's layout ({@code backbone.*}, {@code keypoint_head.*};
   * {@code module.} prefixes allowed).
   *
   * @param source names the tensors' origin in error messages
   * @throws IllegalArgumentException when the backbone or head tensors are missing or misshapen
   */
  public static PoseModel fromStateDict(Map<String, INDArray> state, String source) {
    Map<String, INDArray> backbone = new LinkedHashMap<>();
    Map<String, INDArray> head = new LinkedHashMap<>();
    state.forEach((k, v) -> {
      String key = k.startsWith("module.") ? k.substring("module.".length()) : k;
      if (key.startsWith(BACKBONE)) {
        backbone.put(key.substring(BACKBONE.length()), v);
      } else if (key.startsWith(PoseHead.PREFIX)) {
        head.put(key, v);
      }
    });
    if (head.isEmpty()) {
      throw new IllegalArgumentException(source + ": no " + PoseHead.PREFIX + "* tensors, so not a pose model "
          + "(pose-train writes one as model.pth; keys found: " + sample(state.keySet().stream().toList()) + ")");
    }
    if (backbone.isEmpty()) {
      throw new IllegalArgumentException(source + ": no " + BACKBONE + "* tensors beside the pose head");
    }
    Backbone b = Backbone.fromTensors(backbone, source);
    PoseModel m = new PoseModel(b.withConfig(variant(b.config())), ParameterStore.of(head, source));
    m.checkHead(source);
    return m;
  }

  /**
   * Loads a whole pose model: the release's fine-tuned checkpoint or our {@code model.pth}
   * ({@code state_dict} wrapper), a bare state dict, or a training checkpoint ({@code model} part).
   *
   * @throws IllegalArgumentException naming the file when it holds no pose model (e.g. a backbone
   *     checkpoint or another task's model)
   */
  public static PoseModel load(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "model file does not exist");
    }
    try (StateDict dict = Checkpoints.read(file)) {
      String prefix = null;
      for (String p : List.of("state_dict.", "", "model.")) {
        for (String k : dict.tensors().keySet()) {
          if (k.startsWith(p + PoseHead.PREFIX) || k.startsWith(p + "module." + PoseHead.PREFIX)) {
            prefix = p;
            break;
          }
        }
        if (prefix != null) {
          break;
        }
      }
      if (prefix == null) {
        throw new IllegalArgumentException(file + ": no " + PoseHead.PREFIX + "* tensors, so not a pose model "
            + "(a backbone checkpoint or another task's model?); top-level keys: " + topLevel(dict));
      }
      Map<String, INDArray> state = new LinkedHashMap<>();
      for (Map.Entry<String, TensorRef> e : dict.tensors().entrySet()) {
        String k = e.getKey();
        if (k.startsWith(prefix) && !k.endsWith("relative_position_index")) {
          TensorRef t = e.getValue();
          state.put(k.substring(prefix.length()), t.toINDArray(t.dtype().isFloating() ? DataType.FLOAT : DataType.LONG));
        }
      }
      return fromStateDict(state, file.toString());
    }
  }

  /** Builds the head once, so every head tensor exists and has the shape the backbone's channels need. */
  private void checkHead(String source) {
    try {
      PoseHead.graph(head, new PoseHead.Shape(backbone.config().channels(PoseHead.STAGE), 1, 1), false);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": pose head does not fit the " + Backbone.describe(backbone.config())
          + " backbone: " + e.getMessage(), e);
    }
    if (!head.unused().isEmpty()) {
      throw new IllegalArgumentException(source + ": unexpected pose head tensors " + head.unused()
          + " (this head has one deconvolution layer and a 1×1 final layer)");
    }
  }

  private static String topLevel(StateDict dict) {
    List<String> keys = dict.tensors().keySet().stream().map(k -> k.contains(".") ? k.substring(0, k.indexOf('.')) : k)
        .distinct().toList();
    return sample(keys);
  }

  private static String sample(List<String> keys) {
    return keys.size() <= 6 ? keys.toString() : keys.subList(0, 6) + " … (" + keys.size() + ")";
  }

  /** The backbone (pose variant; live arrays). */
  public Backbone backbone() {
    return backbone;
  }

  /** The head's parameters and buffers under their release keys (live arrays). */
  public ParameterStore head() {
    return head;
  }

  /** The head's input and output shapes for an {@code height × width} input. */
  public PoseHead.Shape headShape(int height, int width) {
    return PoseHead.Shape.of(backbone.config(), height, width);
  }

  /** The release's layout, in its key order (backbone first). */
  public Map<String, INDArray> stateDict() {
    Map<String, INDArray> m = new LinkedHashMap<>();
    backbone.parameters().forEach((k, v) -> m.put(BACKBONE + k, v));
    m.putAll(head.state());
    return m;
  }
}
