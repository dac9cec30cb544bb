package io.solider.nn.exec;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runs one SameDiff graph: its outputs, or its outputs and the gradients of its loss. The seam
 * between the code that builds our graphs and the engine that executes them; {@link #of} picks
 * the engine configured by {@link GraphExecution#configured()}. Arrays returned are the
 * caller's (close them when done). Not thread-safe, like SameDiff.
 */
public interface GraphRunner extends AutoCloseable {

  /** Computes {@code outputs} from the placeholder arrays, as {@code SameDiff.output}. */
  Map<String, INDArray> output(Map<String, INDArray> placeholders, Collection<String> outputs);

  /**
   * Outputs and gradients of the loss in one pass, as {@code SameDiff.calculateGradientsAndOutputs}.
   *
   * @param outputs variables whose values are wanted (may be empty)
   * @param gradientsOf variables whose gradients are wanted; those the loss does not reach are
   *     absent from the result
   */
  OutAndGrad outputsAndGradients(Map<String, INDArray> placeholders, Collection<String> outputs,
      Collection<String> gradientsOf);

  /** Gradients only, as {@code SameDiff.calculateGradients}. */
  default Map<String, INDArray> gradients(Map<String, INDArray> placeholders, Collection<String> gradientsOf) {
    return outputsAndGradients(placeholders, List.of(), gradientsOf).getGradients();
  }

  /** Frees what the engine keeps between runs (op contexts); the graph itself stays usable. */
  @Override
  void close();

  /** A runner for {@code sd} with the configured engine. */
  static GraphRunner of(SameDiff sd) {
    return GraphExecution.configured().runner(sd);
  }
}
