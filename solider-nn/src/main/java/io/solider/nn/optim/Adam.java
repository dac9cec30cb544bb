package io.solider.nn.optim;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * torch.optim.Adam (amsgrad off), one parameter at a time so that each parameter can have its own
 * learning rate and weight decay (torch's parameter groups). Weight decay is either the coupled L2
 * term added to the gradient ({@code Adam}), or torch.optim.AdamW's decoupled decay of the parameter
 * ({@link #adamW}):
 * <pre>
 *   t   = t + 1                                   (per parameter)
 *   Adam:  d = g + wd·p                AdamW:  p = p·(1 − lr·wd), d = g
 *   m   = β1·m + (1 − β1)·d
 *   v   = β2·v + (1 − β2)·d²
 *   p   = p − lr/(1 − β1ᵗ) · m / (√v / √(1 − β2ᵗ) + ε)
 * </pre>
 * Element by element in float32 in torch's order of operations (its single-tensor path), with the
 * bias corrections in double as torch computes them; ND4J's Adam updater (behind {@link AdamW})
 * adds ε to √v before the bias correction and so differs from torch while v is small, as it is for
 * the tiny gradients of a heatmap loss. A parameter the caller leaves out of a step keeps its state
 * and step count, as torch skips parameters without a gradient.
 *
 * <p>State per parameter: {@code exp_avg} (m), {@code exp_avg_sq} (v) and the step count, as
 * torch's state dict names them; {@link #restore} continues a run exactly.
 */
public final class Adam {

  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final boolean decoupled;
  private final Map<String, INDArray> expAvg = new LinkedHashMap<>();
  private final Map<String, INDArray> expAvgSq = new LinkedHashMap<>();
  private final Map<String, Long> steps = new LinkedHashMap<>();

  /** torch.optim.Adam: weight decay coupled to the gradient. */
  public Adam(double beta1, double beta2, double epsilon) {
    this(beta1, beta2, epsilon, false);
  }

  private Adam(double beta1, double beta2, double epsilon, boolean decoupled) {
    if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException("betas must be in [0, 1), got " + beta1 + ", " + beta2);
    }
    if (!(epsilon >= 0)) {
      throw new IllegalArgumentException("epsilon must be >= 0, got " + epsilon);
    }
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.decoupled = decoupled;
  }

  /** torch.optim.AdamW: the same moments, weight decay decoupled ({@code p·(1 − lr·wd)} before the update). */
  public static Adam adamW(double beta1, double beta2, double epsilon) {
    return new Adam(beta1, beta2, epsilon, true);
  }

  /** Whether weight decay is AdamW's decoupled decay. */
  public boolean decoupled() {
    return decoupled;
  }

  /** torch's defaults: β = (0.9, 0.999), ε = 1e-8. */
  public static Adam torchDefaults() {
    return new Adam(0.9, 0.999, 1e-8);
  }

  /**
   * One step of parameter {@code name}, in place.
   *
   * @param param the live parameter array (float32)
   * @param grad its gradient (same shape); not modified
   */
  public void step(String name, INDArray param, INDArray grad, double lr, double weightDecay) {
    if (!Arrays.equals(param.shape(), grad.shape())) {
      throw new IllegalArgumentException(name + ": gradient shape " + Arrays.toString(grad.shape())
          + " differs from the parameter's " + Arrays.toString(param.shape()));
    }
    if (param.dataType() != DataType.FLOAT) {
      throw new IllegalArgumentException(name + ": Adam updates float32 parameters, got " + param.dataType());
    }
    INDArray mArr = expAvg.computeIfAbsent(name, k -> Nd4j.zeros(DataType.FLOAT, param.shape()));
    INDArray vArr = expAvgSq.computeIfAbsent(name, k -> Nd4j.zeros(DataType.FLOAT, param.shape()));
    long t = steps.merge(name, 1L, Long::sum);
    // Scalars as torch: Python floats, cast to float32 where they meet a float32 tensor.
    float b1 = (float) beta1;
    float b2 = (float) beta2;
    float oneMinusB1 = (float) (1 - beta1);
    float oneMinusB2 = (float) (1 - beta2);
    float wd = (float) weightDecay;
    // AdamW: param.mul_(1 - lr * weight_decay), the Python double scalar applied in float32.
    float keep = (float) (1 - lr * weightDecay);
    boolean coupledDecay = weightDecay != 0 && !decoupled;
    boolean decoupledDecay = weightDecay != 0 && decoupled;
    float eps = (float) epsilon;
    double biasCorrection1 = 1 - Math.pow(beta1, t);
    float biasCorrection2Sqrt = (float) Math.sqrt(1 - Math.pow(beta2, t));
    float negStepSize = (float) -(lr / biasCorrection1);
    FloatArrays.Access p = FloatArrays.of(param);
    FloatArrays.Access g = FloatArrays.of(grad);
    FloatArrays.Access m = FloatArrays.of(mArr);
    FloatArrays.Access v = FloatArrays.of(vArr);
    int n = (int) param.length();
    for (int i = 0; i < n; i++) {
      float pi = decoupledDecay ? p.get(i) * keep : p.get(i);
      float d = coupledDecay ? g.get(i) + wd * pi : g.get(i);
      float mi = m.get(i) * b1 + oneMinusB1 * d;
      float vi = v.get(i) * b2 + oneMinusB2 * d * d;
      float denom = (float) Math.sqrt(vi) / biasCorrection2Sqrt + eps;
      m.set(i, mi);
      v.set(i, vi);
      p.set(i, pi + negStepSize * (mi / denom));
    }
    p.commit();
    m.commit();
    v.commit();
    g.close();
  }

  /** First moments ({@code exp_avg}) by parameter name. */
  public Map<String, INDArray> expAvg() {
    return Collections.unmodifiableMap(expAvg);
  }

  /** Second moments ({@code exp_avg_sq}) by parameter name. */
  public Map<String, INDArray> expAvgSq() {
    return Collections.unmodifiableMap(expAvgSq);
  }

  /** Steps taken per parameter name. */
  public Map<String, Long> steps() {
    return Collections.unmodifiableMap(steps);
  }

  /** Restores one parameter's state (from a checkpoint). */
  public void restore(String name, INDArray expAvg, INDArray expAvgSq, long step) {
    if (!Arrays.equals(expAvg.shape(), expAvgSq.shape()) || step < 0) {
      throw new IllegalArgumentException(name + ": exp_avg " + Arrays.toString(expAvg.shape()) + " and exp_avg_sq "
          + Arrays.toString(expAvgSq.shape()) + " must have one shape, step (" + step + ") >= 0");
    }
    this.expAvg.put(name, expAvg.castTo(DataType.FLOAT).dup('c'));
    this.expAvgSq.put(name, expAvgSq.castTo(DataType.FLOAT).dup('c'));
    steps.put(name, step);
  }
}
