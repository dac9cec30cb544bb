package io.solider.nn.train;

import java.util.Collection;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An exponential moving average of parameters, in place and without gradient:
 * {@code t ← m·t + (1 − m)·s} (DINO's EMA teacher, a detector's mean teacher).
 */
public final class ParameterEma {

  private ParameterEma() {}

  /**
   * @param target the averaged arrays (updated in place)
   * @param source the trained arrays, same keys
   * @param keys the keys to average
   */
  public static void update(Map<String, INDArray> target, Map<String, INDArray> source, Collection<String> keys,
      double momentum) {
    for (String k : keys) {
      INDArray t = target.get(k);
      INDArray s = source.get(k);
      if (t == null || s == null) {
        throw new IllegalStateException("the averaged and the trained parameters disagree on " + k);
      }
      t.muli(momentum).addi(s.mul(1 - momentum));
    }
  }
}
