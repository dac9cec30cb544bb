package io.solider.nn.backbone;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Outputs of the backbone (or of a {@link StageRange} of it) for one batch.
 *
 * @param pooled (B, C_last) global average of the last stage map
 * @param stages four maps (B, C_i, H_i, W_i), NCHW, each through its stage's output norm, indexed
 *     by stage; null for a stage outside the range or without an output norm
 */
public record BackboneOutputs(INDArray pooled, List<INDArray> stages) {

  public BackboneOutputs {
    stages = Collections.unmodifiableList(new ArrayList<>(stages));
  }

  /** Stage {@code i}'s map; an error naming the stage when the graph did not compute it. */
  public INDArray stage(int i) {
    INDArray a = i >= 0 && i < stages.size() ? stages.get(i) : null;
    if (a == null) {
      throw new IllegalArgumentException("stage " + i + " is not an output of this graph (a stage outside its range, "
          + "or without an output norm)");
    }
    return a;
  }
}
