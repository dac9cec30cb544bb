package io.solider.nn.exec;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;

/** SameDiff's own execution (its inference and training sessions), the reference engine. */
final class SameDiffRunner implements GraphRunner {

  private final SameDiff sd;

  SameDiffRunner(SameDiff sd) {
    this.sd = sd;
  }

  @Override
  public Map<String, INDArray> output(Map<String, INDArray> placeholders, Collection<String> outputs) {
    return sd.output(placeholders, List.copyOf(outputs));
  }

  @Override
  public OutAndGrad outputsAndGradients(Map<String, INDArray> placeholders, Collection<String> outputs,
      Collection<String> gradientsOf) {
    OutAndGrad r = sd.calculateGradientsAndOutputs(placeholders, outputs.isEmpty() ? null : outputs,
        gradientsOf.isEmpty() ? null : gradientsOf);
    return new OutAndGrad(r.getOutputs() == null ? Map.of() : r.getOutputs(),
        r.getGradients() == null ? Map.of() : r.getGradients());
  }

  @Override
  public void close() {
    // SameDiff keeps its sessions on the graph itself.
  }
}
