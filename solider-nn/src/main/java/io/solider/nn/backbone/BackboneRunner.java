package io.solider.nn.backbone;

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

  /** Frees what the engine holds (sessions, native buffers). */
  @Override
  void close();
}
