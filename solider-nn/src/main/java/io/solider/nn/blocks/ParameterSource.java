package io.solider.nn.blocks;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Supplies the array of each named parameter while a graph is built: freshly initialised, or
 * taken from a checkpoint. Keys are the release's state-dict keys; shapes are PyTorch's.
 */
public interface ParameterSource {

  /**
   * The array for {@code key}.
   *
   * @param init how to initialise it when the source creates parameters
   * @param shape the shape the graph needs
   */
  INDArray get(String key, ParamInit init, long... shape);
}
