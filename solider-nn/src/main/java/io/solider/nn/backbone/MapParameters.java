package io.solider.nn.backbone;

import io.solider.nn.blocks.ParamInit;
import io.solider.nn.blocks.ParameterSource;
import java.util.Arrays;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Parameters from a map already checked against the architecture: the arrays are used as they are. */
final class MapParameters implements ParameterSource {

  private final Map<String, INDArray> params;

  MapParameters(Map<String, INDArray> params) {
    this.params = params;
  }

  @Override
  public INDArray get(String key, ParamInit init, long... shape) {
    INDArray a = params.get(key);
    if (a == null || !Arrays.equals(a.shape(), shape)) {
      throw new IllegalStateException("parameter " + key + " is " + (a == null ? "missing" : Arrays.toString(a.shape()))
          + ", the graph needs " + Arrays.toString(shape));
    }
    return a;
  }
}
