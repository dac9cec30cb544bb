package io.solider.nn.exec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One run of a graph with the planned executor, recording the ops in the order they ran and the
 * shape of every value: what a converter to another format (ONNX) needs beyond the graph itself.
 */
public final class GraphTrace {

  /** One executed op: its SameDiff function and the names of its inputs and outputs. */
  public record TracedOp(String name, DifferentialFunction op, List<String> inputs, List<String> outputs) {}

  private final List<TracedOp> ops;
  private final Map<String, long[]> shapes;

  private GraphTrace(List<TracedOp> ops, Map<String, long[]> shapes) {
    this.ops = ops;
    this.shapes = shapes;
  }

  /** Runs {@code sd} on {@code fed} for {@code outputs}; the outputs are closed afterwards. */
  public static GraphTrace of(SameDiff sd, Map<String, INDArray> fed, Collection<String> outputs) {
    List<TracedOp> ops = new ArrayList<>();
    Map<String, long[]> shapes = new LinkedHashMap<>();
    fed.forEach((k, v) -> shapes.put(k, v.shape()));
    try (PlannedExecutor exec = new PlannedExecutor(sd, null)) {
      Map<String, INDArray> out = exec.run(fed, outputs, (step, arrays) -> {
        SameDiffOp sdo = sd.getOps().get(step.name());
        List<String> outNames = sdo.getOutputsOfOp();
        for (int i = 0; i < arrays.length; i++) {
          shapes.put(outNames.get(i), arrays[i].shape());
        }
        ops.add(new TracedOp(step.name(), step.op(),
            sdo.getInputsToOp() == null ? List.of() : List.copyOf(sdo.getInputsToOp()), List.copyOf(outNames)));
      });
      for (INDArray a : out.values()) {
        if (fed.values().stream().noneMatch(f -> f == a) && a.closeable()) {
          a.close();
        }
      }
    }
    return new GraphTrace(List.copyOf(ops), shapes);
  }

  /** The ops in execution order (every op after its inputs). */
  public List<TracedOp> ops() {
    return ops;
  }

  /** Shape of a fed or computed value in the traced run, or null for stored arrays (read them from the graph). */
  public long[] shape(String name) {
    return shapes.get(name);
  }
}
