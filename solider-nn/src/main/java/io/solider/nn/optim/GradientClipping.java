package io.solider.nn.optim;

import java.util.Collection;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * torch.nn.utils.clip_grad_norm_ with the L2 norm: one norm over all gradients together (not per
 * parameter, see {@link AdamW#clipPerParameter}); when max_norm / (total + 1e-6) is below 1 every
 * gradient is multiplied by it. As the release's torch (1.4) does, a NaN or infinite total leaves
 * the gradients as they are (torch ≥ 1.9 would multiply them by NaN or 0); the returned total
 * lets the caller stop on it.
 */
public final class GradientClipping {

  private GradientClipping() {}

  /**
   * Scales the gradients in place to a total L2 norm of at most {@code maxNorm}.
   *
   * @return the total norm before clipping
   */
  public static double clipGlobalNorm(Collection<INDArray> grads, double maxNorm) {
    if (!(maxNorm > 0)) {
      throw new IllegalArgumentException("max norm must be > 0, got " + maxNorm);
    }
    double sumSq = 0;
    for (INDArray g : grads) {
      try (FloatArrays.Access a = FloatArrays.of(g)) {
        for (int i = 0, n = (int) g.length(); i < n; i++) {
          double v = a.get(i);
          sumSq += v * v;
        }
      }
    }
    double total = Math.sqrt(sumSq);
    double coef = maxNorm / (total + 1e-6);
    if (coef < 1) {
      for (INDArray g : grads) {
        g.muli(coef);
      }
    }
    return total;
  }
}
