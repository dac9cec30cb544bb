package io.solider.nn.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * torch.optim.SGD with momentum (dampening 0, no Nesterov), one parameter at a time so that each
 * parameter can have its own learning rate and weight decay (torch's parameter groups):
 * <pre>
 *   d   = g + wd·p
 *   buf = d                 (first step of this parameter)
 *   buf = m·buf + d         (later steps)
 *   p   = p − lr·buf
 * </pre>
 * Per step no array is allocated: the momentum buffer and one scratch array per parameter are
 * created on its first step and reused. The gradient array is overwritten (it becomes d).
 */
public final class Sgd {

  private final double momentum;
  private final Map<String, INDArray> buffers = new LinkedHashMap<>();
  private final Map<String, INDArray> scratch = new LinkedHashMap<>();

  public Sgd(double momentum) {
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
    }
    this.momentum = momentum;
  }

  public double momentum() {
    return momentum;
  }

  /**
   * One step of parameter {@code name}, in place.
   *
   * @param param the live parameter array
   * @param grad its gradient (same shape, float32); overwritten
   */
  public void step(String name, INDArray param, INDArray grad, double lr, double weightDecay) {
    if (!java.util.Arrays.equals(param.shape(), grad.shape())) {
      throw new IllegalArgumentException(name + ": gradient shape " + java.util.Arrays.toString(grad.shape())
          + " differs from the parameter's " + java.util.Arrays.toString(param.shape()));
    }
    INDArray tmp = scratch.computeIfAbsent(name, k -> Nd4j.createUninitialized(param.dataType(), param.shape()));
    if (weightDecay != 0) {
      grad.addi(tmp.assign(param).muli(weightDecay));
    }
    INDArray buf = buffers.get(name);
    if (buf == null) {
      buf = grad.dup();
      buffers.put(name, buf);
    } else if (momentum != 0) {
      buf.muli(momentum).addi(grad);
    } else {
      buf.assign(grad);
    }
    param.subi(tmp.assign(buf).muli(lr));
  }

  /** Momentum buffers by parameter name (parameters not stepped yet have none). */
  public Map<String, INDArray> buffers() {
    return Collections.unmodifiableMap(buffers);
  }

  /** Restores one parameter's momentum buffer (from a checkpoint). */
  public void restore(String name, INDArray buffer) {
    buffers.put(name, buffer.castTo(DataType.FLOAT).dup('c'));
  }
}
