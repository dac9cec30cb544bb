package io.solider.nn.optim;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

/**
 * torch.optim.AdamW with DINO's two parameter groups, written as our own step because
 * SameDiff's TrainingConfig has neither parameter groups nor per-parameter clipping (see
 * SAMEDIFF-NOTES): for each parameter with a gradient, ND4J's Adam turns the gradient into the
 * update in place ({@code IUpdater.instantiate(state).applyUpdater}), the decoupled decay
 * {@code p ← p·(1 − lr·wd)} applies to weights of rank ≥ 2 that are not biases, and the update
 * is subtracted. A parameter left out of a step (e.g. the frozen last layer) keeps its state and
 * step count untouched, as torch skips parameters without a gradient.
 *
 * <p>State: per parameter, the Adam view array (m then v, 2·n values) and its step count.
 */
public final class AdamW {

  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final Map<String, INDArray> state = new LinkedHashMap<>();
  private final Map<String, Integer> steps = new LinkedHashMap<>();
  /** One updater per parameter over its state view, made once (views of the state, no copies). */
  private final Map<String, GradientUpdater<Adam>> updaters = new HashMap<>();

  public AdamW(double beta1, double beta2, double epsilon) {
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
  }

  /** torch's defaults: β = (0.9, 0.999), ε = 1e-8. */
  public static AdamW torchDefaults() {
    return new AdamW(0.9, 0.999, 1e-8);
  }

  /** Whether a parameter gets weight decay: not biases and not 1-D parameters (norms, tables of one axis). */
  public static boolean decays(String name, INDArray param) {
    return !name.endsWith(".bias") && param.rank() >= 2;
  }

  /**
   * Scales each gradient to norm at most {@code maxNorm} separately (DINO's clip_gradients:
   * factor maxNorm/(‖g‖ + 1e-6) when below 1), in place.
   *
   * @return the norm of each gradient before clipping
   */
  public static Map<String, Double> clipPerParameter(Map<String, INDArray> grads, double maxNorm) {
    Map<String, Double> norms = new LinkedHashMap<>();
    for (Map.Entry<String, INDArray> e : grads.entrySet()) {
      double norm = e.getValue().norm2Number().doubleValue();
      norms.put(e.getKey(), norm);
      double coef = maxNorm / (norm + 1e-6);
      if (maxNorm > 0 && coef < 1) {
        e.getValue().muli(coef);
      }
    }
    return norms;
  }

  /**
   * One step on the named parameters, in place.
   *
   * @param params every parameter by name (live arrays)
   * @param grads gradients of the parameters to update now; they are overwritten by the updates
   *     (float gradients with the parameter's shape serve as the update buffer; others are copied)
   * @param names the parameters updated this step
   * @return the sum of squared update norms (for monitoring)
   */
  public double step(Map<String, INDArray> params, Map<String, INDArray> grads, Collection<String> names, double lr,
      double weightDecay) {
    double updateSq = 0;
    // A buffer handed to two parameters (SameDiff may give two variables the same gradient
    // array) is never updated in place: each parameter copies it, so none sees another's update.
    Set<DataBuffer> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Set<DataBuffer> shared = Collections.newSetFromMap(new IdentityHashMap<>());
    for (String name : names) {
      INDArray g = grads.get(name);
      if (g != null && !seen.add(g.data())) {
        shared.add(g.data());
      }
    }
    for (String name : names) {
      INDArray p = params.get(name);
      INDArray g = grads.get(name);
      if (g == null) {
        continue;
      }
      int t = steps.getOrDefault(name, 0);
      GradientUpdater<Adam> u = updaters.computeIfAbsent(name, k -> newUpdater(state.computeIfAbsent(k,
          key -> Nd4j.zeros(DataType.FLOAT, 1, 2 * p.length()))));
      u.getConfig().setLearningRate(lr);
      // Update in the gradient's own buffer when it has the parameter's layout: a copy per
      // parameter per step would allocate the model's size in native memory every step.
      boolean inPlace = g.dataType() == DataType.FLOAT && !g.isView() && g.ordering() == 'c'
          && g.elementWiseStride() == 1 && Arrays.equals(g.shape(), p.shape()) && !shared.contains(g.data());
      INDArray update = inPlace ? g : g.castTo(DataType.FLOAT).reshape('c', p.shape()).dup('c');
      u.applyUpdater(update, t, 0);
      steps.put(name, t + 1);
      if (weightDecay != 0 && decays(name, p)) {
        p.muli(1 - lr * weightDecay);
      }
      p.subi(update);
      double n = update.norm2Number().doubleValue();
      updateSq += n * n;
      if (!inPlace) {
        update.close();
      }
    }
    return updateSq;
  }

  /** Adam over a state view (m then v); the learning rate is set at each step. */
  private GradientUpdater<Adam> newUpdater(INDArray view) {
    @SuppressWarnings("unchecked")
    GradientUpdater<Adam> u = (GradientUpdater<Adam>) new Adam(0, beta1, beta2, epsilon).instantiate(view, false);
    return u;
  }

  /** The optimiser state by parameter name: Adam view arrays (m, v). */
  public Map<String, INDArray> state() {
    return state;
  }

  /** Adam step count per parameter name. */
  public Map<String, Integer> steps() {
    return steps;
  }

  /** Restores one parameter's state. */
  public void restore(String name, INDArray view, int step) {
    state.put(name, view.castTo(DataType.FLOAT).reshape(1, view.length()).dup());
    steps.put(name, step);
    updaters.remove(name);
  }
}
