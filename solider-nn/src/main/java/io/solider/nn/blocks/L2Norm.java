package io.solider.nn.blocks;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The CSP neck's {@code L2Norm}: {@code γ_c · x / (‖x‖₂ + 1e-10)}, the norm taken over the channels
 * at each position of an NCHW map; {@code weight} γ (C) is learnable, initialised to a constant
 * (10 in CSP). As the release, ε is added to the norm, not inside the square root.
 */
public final class L2Norm {

  /** The release's ε. */
  public static final double EPS = 1e-10;

  private final SDVariable weight;
  private final int channels;

  public L2Norm(ParamFactory p, int channels, double scale) {
    this.channels = channels;
    this.weight = p.var("weight", ParamInit.constant(scale), channels);
  }

  /** x (B, C, H, W) → same shape. */
  public SDVariable apply(SDVariable x) {
    SDVariable norm = x.getSameDiff().math().sqrt(x.getSameDiff().math().square(x).sum(true, 1)).add(EPS);
    return x.div(norm).mul(weight.reshape(1, channels, 1, 1));
  }
}
