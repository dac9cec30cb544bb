package io.solider.nn.head;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a head's backward pass returns.
 *
 * @param parameters d loss / d parameter for every trainable key of the head (zeros where the loss
 *     does not reach)
 * @param features d loss / d feature input, by input name (absent for an input the outputs do not
 *     depend on); hand them to the backbone's backward pass
 * @param statistics the batch norms' batch statistics of this step, to commit after the step
 */
public record HeadGradients(Map<String, INDArray> parameters,
    Map<String, INDArray> features, BatchStatistics statistics) {}
