package io.solider.nn.backbone;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Outputs of the backbone for one batch.
 *
 * @param pooled (B, 8C) global average of the last stage map
 * @param stages four maps (B, C_i, H_i, W_i), NCHW, each through its stage's output norm
 */
public record BackboneOutputs(INDArray pooled, List<INDArray> stages) {

  public BackboneOutputs {
    stages = List.copyOf(stages);
  }

  public INDArray stage(int i) {
    return stages.get(i);
  }
}
