package io.solider.bench;

import io.solider.nn.util.SameDiffSessions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One SameDiff graph per block, with recomputation: the forward pass keeps only each block's
 * input, the backward pass recomputes one block at a time (as RecomputingBackbone does for the
 * backbone) and drops its session afterwards, so only one block's activations are alive.
 */
final class PerBlockStack implements StackRunner {

  private final List<SameDiff> blocks = new ArrayList<>();
  private final List<List<String>> keys = new ArrayList<>();
  private final Map<String, INDArray> params = new LinkedHashMap<>();

  PerBlockStack(SwinBlockStack stack) throws IOException {
    for (int i = 0; i < stack.depth(); i++) {
      SameDiff sd = stack.graph(i, i + 1);
      List<String> k = stack.keys(i, i + 1);
      for (String key : k) {
        params.put(key, sd.getVariable(key).getArr());
      }
      blocks.add(sd);
      keys.add(k);
    }
  }

  @Override
  public INDArray forward(INDArray input) {
    INDArray x = input;
    for (SameDiff sd : blocks) {
      x = run(sd, x);
    }
    return x;
  }

  @Override
  public Map<String, INDArray> gradients(INDArray input, INDArray lossWeights) {
    List<INDArray> inputs = new ArrayList<>();
    INDArray x = input;
    for (SameDiff sd : blocks) {
      inputs.add(x);
      x = run(sd, x);
    }
    Map<String, INDArray> grads = new LinkedHashMap<>();
    INDArray g = lossWeights;
    for (int i = blocks.size() - 1; i >= 0; i--) {
      SameDiff sd = blocks.get(i);
      sd.getVariable(SwinBlockStack.INPUT).setArray(inputs.get(i));
      List<String> wanted = new ArrayList<>(keys.get(i));
      wanted.add(SwinBlockStack.INPUT);
      Map<String, INDArray> gi = new LinkedHashMap<>(sd.calculateGradients(Map.of(SwinBlockStack.GRAD_OUTPUT, g), wanted));
      SameDiffSessions.clear(sd);
      g = gi.remove(SwinBlockStack.INPUT);
      grads.putAll(gi);
      inputs.set(i, null);
    }
    grads.put(SwinBlockStack.INPUT, g);
    return grads;
  }

  @Override
  public Map<String, INDArray> parameters() {
    return params;
  }

  private static INDArray run(SameDiff sd, INDArray x) {
    sd.getVariable(SwinBlockStack.INPUT).setArray(x);
    INDArray out = sd.output(Map.of(), SwinBlockStack.OUTPUT).get(SwinBlockStack.OUTPUT);
    SameDiffSessions.clear(sd);
    return out;
  }
}
