package io.solider.bench;

import io.solider.nn.util.SameDiffSessions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/** All blocks in one SameDiff graph: the backward pass holds every block's activations at once. */
final class WholeStack implements StackRunner {

  private final SameDiff sd;
  private final List<String> wanted;
  private final Map<String, INDArray> params = new LinkedHashMap<>();

  WholeStack(SwinBlockStack stack) throws IOException {
    this.sd = stack.graph(0, stack.depth());
    List<String> keys = stack.keys(0, stack.depth());
    for (String k : keys) {
      params.put(k, sd.getVariable(k).getArr());
    }
    this.wanted = new ArrayList<>(keys);
    wanted.add(SwinBlockStack.INPUT);
  }

  @Override
  public INDArray forward(INDArray input) {
    sd.getVariable(SwinBlockStack.INPUT).setArray(input);
    INDArray out = sd.output(Map.of(), SwinBlockStack.OUTPUT).get(SwinBlockStack.OUTPUT);
    SameDiffSessions.clear(sd);
    return out;
  }

  @Override
  public Map<String, INDArray> gradients(INDArray input, INDArray lossWeights) {
    sd.getVariable(SwinBlockStack.INPUT).setArray(input);
    Map<String, INDArray> g = new LinkedHashMap<>(
        sd.calculateGradients(Map.of(SwinBlockStack.GRAD_OUTPUT, lossWeights), wanted));
    SameDiffSessions.clear(sd);
    return g;
  }

  /** The graph (e.g. to attach a listener). */
  SameDiff sameDiff() {
    return sd;
  }

  @Override
  public Map<String, INDArray> parameters() {
    return params;
  }
}
