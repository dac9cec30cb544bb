package io.solider.bench;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Runs a {@link SwinBlockStack}: forward, or forward and backward for one loss-weight array G. */
interface StackRunner {

  /** The output tokens (windows, w, w, C) for the input. */
  INDArray forward(INDArray input);

  /**
   * Gradients of Σ out·G: every parameter by key, and the input under {@link SwinBlockStack#INPUT}.
   */
  Map<String, INDArray> gradients(INDArray input, INDArray lossWeights);

  /** The live parameter arrays by key (an optimiser updates them in place). */
  Map<String, INDArray> parameters();
}
