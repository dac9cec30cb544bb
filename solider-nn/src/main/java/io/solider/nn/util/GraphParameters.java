package io.solider.nn.util;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The trainable variables of a SameDiff graph. */
public final class GraphParameters {

  private GraphParameters() {}

  /** Every VARIABLE of {@code sd} by name, in graph order; the arrays are the graph's own (live). */
  public static Map<String, INDArray> of(SameDiff sd) {
    Map<String, INDArray> params = new LinkedHashMap<>();
    for (SDVariable v : sd.variables()) {
      if (v.getVariableType() == VariableType.VARIABLE) {
        params.put(v.name(), v.getArr());
      }
    }
    return params;
  }
}
