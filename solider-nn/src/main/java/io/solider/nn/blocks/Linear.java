package io.solider.nn.blocks;

import io.solider.nn.ops.GraphOps;
import org.nd4j.autodiff.samediff.SDVariable;

/** torch.nn.Linear: weight (out, in), optional bias (out); applied to (N, in) rows. */
public final class Linear {

  private final ParamFactory p;
  private final SDVariable weight;
  private final SDVariable bias;

  public Linear(ParamFactory p, int in, int out, boolean withBias) {
    this.p = p;
    this.weight = p.var("weight", ParamInit.TRUNC_NORMAL, out, in);
    this.bias = withBias ? p.var("bias", ParamInit.ZEROS, out) : null;
  }

  /** {@code x·Wᵀ + b} for x (N, in). */
  public SDVariable apply(SDVariable x) {
    return GraphOps.linear(p.sd(), x, weight, bias);
  }

  public SDVariable weight() {
    return weight;
  }
}
