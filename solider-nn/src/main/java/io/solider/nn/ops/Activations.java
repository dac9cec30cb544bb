package io.solider.nn.ops;

import org.nd4j.autodiff.samediff.SDVariable;

/** Pointwise activations of the task heads. */
public final class Activations {

  private Activations() {}

  /** torch.nn.ReLU: {@code max(x, 0)}; the gradient at 0 is 0, as torch's. */
  public static SDVariable relu(SDVariable x) {
    return x.getSameDiff().nn().relu(x, 0);
  }
}
