package io.solider.nn.backbone;

import io.solider.nn.util.NdArrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A backbone ready to run for one input size, on some engine (SameDiff's {@link BackboneGraph},
 * or ONNX Runtime on the exported model). Not thread-safe: one per thread.
 */
public interface BackboneRunner extends AutoCloseable {

  /**
   * Runs the backbone.
   *
   * @param images (B, 3, H, W) normalised, H and W as this runner was built for
   * @param semanticWeight (B, 2) rows [λ, 1 − λ] (see {@link SemanticWeights})
   */
  BackboneOutputs forward(INDArray images, INDArray semanticWeight);

  /**
   * The pooled feature (B, C_last) alone. Engines skip what only the stage maps need (the stage
   * output norms, their layout changes and copies): for embeddings this is the faster call.
   * The default runs {@link #forward} and frees the stage maps.
   */
  default INDArray pooled(INDArray images, INDArray semanticWeight) {
    BackboneOutputs out = forward(images, semanticWeight);
    NdArrays.closeAll(out.stages());
    return out.pooled();
  }

  /** Frees what the engine holds (sessions, native buffers). */
  @Override
  void close();
}
