package io.solider.tasks.detection.head;

import io.solider.nn.backbone.Backbone;
import io.solider.nn.backbone.RandomParameters;
import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.blocks.ParameterStore;
import io.solider.nn.checkpoint.Checkpoints;
import io.solider.nn.checkpoint.StateDict;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A CSP pedestrian detector: the SOLIDER backbone in the detection variant (strides 4, 2, 2, 1,
 * output norms of stages 1–3) and the {@link CspHead} neck and head. Its state dict is the
 * release's model's ({@code CSP.state_dict()}): {@code backbone.<backbone key>}, {@code neck.*},
 * {@code bbox_head.*}; the release's {@code epoch_N.pth} and {@code epoch_N.pth.stu} hold it under
 * {@code state_dict}.
 *
 * @param backbone the backbone (live arrays: training updates them)
 * @param head the neck's and head's parameters (live)
 * @param spec the neck's and head's widths
 */
public record CspModel(Backbone backbone, ParameterStore head, CspHead.Spec spec) {

  /** Prefix of the backbone's keys in the release's model. */
  public static final String BACKBONE = "backbone.";
  /** The detection strides: the last stage keeps stride 16. */
  static final int[] STRIDES = {4, 2, 2, 1};
  /** The stages the neck reads. */
  static final int[] OUT_INDICES = {1, 2, 3};

  /** The detection variant of a backbone's architecture (strides 4, 2, 2, 1; stages 1–3 out). */
  public static SwinConfig variant(SwinConfig arch) {
    return arch.withStrides(STRIDES).withOutIndices(OUT_INDICES);
  }

  /**
   * A model with a fresh neck and head, initialised as the release does, reproducibly from
   * {@code seed}.
   *
   * @param backbone any backbone (set to the detection variant here)
   */
  public static CspModel initialized(Backbone backbone, CspHead.Spec spec, long seed) {
    Backbone b = backbone.withConfig(variant(backbone.config()));
    ParameterStore store = ParameterStore.initialized(new RandomParameters(seed));
    CspHead.graph(store, spec, 32, 32, false); // creates every parameter with its initialiser
    return new CspModel(b, store, spec);
  }

  /** The release's layout, in its key order (backbone, neck, head). */
  public Map<String, INDArray> stateDict() {
    Map<String, INDArray> m = new LinkedHashMap<>();
    backbone.parameters().forEach((k, v) -> m.put(BACKBONE + k, v));
    for (String k : CspHead.keys()) {
      m.put(k, head.array(k));
    }
    return m;
  }

  /** The trainable arrays of the neck and head by key (live). */
  public Map<String, INDArray> headParameters() {
    Map<String, INDArray> m = new LinkedHashMap<>();
    for (String k : CspHead.keys()) {
      m.put(k, head.array(k));
    }
    return m;
  }

  /**
   * A model from a state dict in the release's layout. The neck and head widths are read off the
   * tensors; group norm keeps the release's 32 groups.
   *
   * @param source names the file in error messages
   * @throws IllegalArgumentException naming what is missing or mis-shaped
   */
  public static CspModel fromStateDict(Map<String, INDArray> state, String source) {
    Map<String, INDArray> backbone = new LinkedHashMap<>();
    Map<String, INDArray> rest = new LinkedHashMap<>();
    state.forEach((k, v) -> {
      if (k.startsWith(BACKBONE)) {
        backbone.put(k.substring(BACKBONE.length()), v);
      } else {
        rest.put(k, v);
      }
    });
    List<String> missing = new ArrayList<>();
    for (String k : CspHead.keys()) {
      if (!rest.containsKey(k)) {
        missing.add(k);
      }
    }
    if (backbone.isEmpty() || missing.size() == CspHead.keys().size()) {
      throw new IllegalArgumentException(source + ": not a CSP detection model (it needs backbone.*, neck.* and "
          + "bbox_head.* tensors; found " + summary(state) + ")");
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(source + ": CSP model lacks " + String.join(", ", missing));
    }
    Backbone b = Backbone.fromTensors(backbone, source);
    SwinConfig arch = variant(b.config());
    long[] p3 = rest.get(CspHead.NECK + ".p3.weight").shape();
    long[] conv = rest.get(CspHead.BBOX_HEAD + ".cls_convs.0.conv.weight").shape();
    CspHead.Spec spec = new CspHead.Spec(List.of(arch.channels(1), arch.channels(2), arch.channels(3)), (int) p3[1],
        (int) conv[0], 32);
    Map<String, INDArray> head = new LinkedHashMap<>();
    for (String k : CspHead.keys()) {
      INDArray v = rest.get(k);
      head.put(k, v.dataType() == DataType.FLOAT ? v : v.castTo(DataType.FLOAT));
    }
    ParameterStore store = ParameterStore.of(head, source);
    CspHead.graph(store, spec, 32, 32, false); // checks every shape against the spec
    return new CspModel(b.withConfig(arch), store, spec);
  }

  /**
   * Loads a model file: the release's {@code epoch_N.pth} / {@code epoch_N.pth.stu} or ours
   * ({@code {"state_dict": …}}), or a bare state dict.
   *
   * @throws IllegalArgumentException for a file that is not a CSP model (e.g. a backbone-only
   *     SOLIDER checkpoint or another task's model), naming it
   */
  public static CspModel fromCheckpoint(Path file) throws IOException {
    try (StateDict dict = Checkpoints.read(file)) {
      Map<String, INDArray> all = new LinkedHashMap<>();
      boolean wrapped = dict.tensors().keySet().stream().anyMatch(k -> k.startsWith("state_dict."));
      for (var e : dict.tensors().entrySet()) {
        String k = e.getKey();
        if (wrapped && !k.startsWith("state_dict.")) {
          continue;
        }
        String key = wrapped ? k.substring("state_dict.".length()) : k;
        if (key.startsWith("module.")) {
          key = key.substring("module.".length());
        }
        if (key.endsWith("relative_position_index")) {
          continue;
        }
        all.put(key, e.getValue().toINDArray(e.getValue().dtype().isFloating() ? DataType.FLOAT : DataType.LONG));
      }
      return fromStateDict(all, file.toString());
    }
  }

  private static String summary(Map<String, INDArray> state) {
    List<String> keys = new ArrayList<>(state.keySet());
    return keys.size() <= 4 ? keys.toString() : keys.size() + " keys such as " + keys.subList(0, 4);
  }
}
