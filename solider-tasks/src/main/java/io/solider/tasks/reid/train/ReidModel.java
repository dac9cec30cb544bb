package io.solider.tasks.reid.train;

import io.solider.nn.backbone.Backbone;
import io.solider.tasks.reid.head.BnNeckHead;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A re-id model: SOLIDER backbone plus {@link BnNeckHead}. Its state dict has the release's
 * layout ({@code build_transformer.state_dict()}): {@code base.<backbone key>},
 * {@code bottleneck.*}, {@code classifier.weight}.
 *
 * @param backbone the backbone (its arrays are live: training updates them)
 * @param head the neck and classifier
 */
public record ReidModel(Backbone backbone, BnNeckHead head) {

  /** Prefix of the backbone's keys in the release's model ({@code self.base}). */
  public static final String BASE = "base.";

  /** The release's layout, in its key order (backbone first). */
  public Map<String, INDArray> stateDict() {
    Map<String, INDArray> m = new LinkedHashMap<>();
    backbone.parameters().forEach((k, v) -> m.put(BASE + k, v));
    m.putAll(head.stateDict());
    return m;
  }

  /**
   * A model from a state dict in the release's layout.
   *
   * @param source names the file in error messages
   */
  public static ReidModel fromStateDict(Map<String, INDArray> state, String source) {
    Map<String, INDArray> base = new LinkedHashMap<>();
    Map<String, INDArray> head = new LinkedHashMap<>();
    state.forEach((k, v) -> {
      if (k.startsWith(BASE)) {
        base.put(k.substring(BASE.length()), v);
      } else {
        head.put(k, v);
      }
    });
    if (base.isEmpty()) {
      throw new IllegalArgumentException(source + ": no 'base.*' backbone tensors (keys: " + state.keySet() + ")");
    }
    return new ReidModel(Backbone.fromTensors(base, source), BnNeckHead.fromState(head, source));
  }
}
