package io.solider.nn.exec;

import io.solider.nn.util.GradientFunctions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PlannedExecutor} on a graph (outputs) and on the gradient function SameDiff derives from
 * it (outputs and gradients). A graph with an op the planned executor does not run (control
 * flow) goes to SameDiff's own session instead, with one warning.
 */
final class PlannedRunner implements GraphRunner {

  private static final Logger log = LoggerFactory.getLogger(PlannedRunner.class);

  private final SameDiff sd;
  private final OpProfile profile;
  private final PlannedExecutor forward;
  private PlannedExecutor backward;
  private SameDiffRunner fallback;

  /** @param profile null, or where to add the time of every op */
  PlannedRunner(SameDiff sd, OpProfile profile) {
    this.sd = sd;
    this.profile = profile;
    this.forward = new PlannedExecutor(sd, profile);
  }

  @Override
  public Map<String, INDArray> output(Map<String, INDArray> placeholders, Collection<String> outputs) {
    if (fallback == null) {
      try {
        return forward.run(placeholders, outputs);
      } catch (UnsupportedOperationException e) {
        fallBack(e);
      }
    }
    return fallback.output(placeholders, outputs);
  }

  @Override
  public OutAndGrad outputsAndGradients(Map<String, INDArray> placeholders, Collection<String> outputs,
      Collection<String> gradientsOf) {
    if (fallback == null) {
      try {
        return plannedGradients(placeholders, outputs, gradientsOf);
      } catch (UnsupportedOperationException e) {
        fallBack(e);
      }
    }
    return fallback.outputsAndGradients(placeholders, outputs, gradientsOf);
  }

  private OutAndGrad plannedGradients(Map<String, INDArray> placeholders, Collection<String> outputs,
      Collection<String> gradientsOf) {
    if (sd.getFunction("grad") == null) {
      GradientFunctions.create(sd);
    }
    if (backward == null) {
      backward = new PlannedExecutor(sd.getFunction("grad"), profile);
    }
    List<String> wanted = new ArrayList<>(outputs);
    Map<String, String> gradName = new LinkedHashMap<>();
    for (String v : gradientsOf) {
      if (!sd.hasVariable(v)) {
        throw new IllegalArgumentException("no variable named '" + v + "' in the graph");
      }
      SDVariable g = sd.getVariable(v).getGradient();
      if (g != null) {
        gradName.put(v, g.name());
        if (!wanted.contains(g.name())) {
          wanted.add(g.name());
        }
      }
    }
    Map<String, INDArray> r = backward.run(placeholders, wanted);
    Map<String, INDArray> outs = new HashMap<>();
    for (String o : outputs) {
      outs.put(o, r.get(o));
    }
    Map<String, INDArray> grads = new HashMap<>();
    gradName.forEach((v, g) -> grads.put(v, r.get(g)));
    return new OutAndGrad(outs, grads);
  }

  private void fallBack(UnsupportedOperationException e) {
    log.warn("graph runs on SameDiff's own executor: {}", e.getMessage());
    fallback = new SameDiffRunner(sd);
  }

  @Override
  public void close() {
    forward.close();
    if (backward != null) {
      backward.close();
    }
  }
}
