package io.solider.nn.blocks;

import io.solider.nn.ops.GraphOps;
import org.nd4j.autodiff.samediff.SDVariable;

/** torch.nn.Linear: weight (out, in), optional bias (out); applied to (N, in) rows. */
public final class Linear {

  private final ParamFactory p;
  private final SDVariable weight;
  private final SDVariable bias;

  /** Weight truncated normal (std 0.02), bias zeros: the backbone's and DINO head's init. */
  public Linear(ParamFactory p, int in, int out, boolean withBias) {
    this(p, in, out, withBias, ParamInit.TRUNC_NORMAL, ParamInit.ZEROS);
  }

  /**
   * With explicit initialisers; PyTorch's default for a Linear is {@code ParamInit.convDefault(in)}
   * for both weight and bias.
   */
  public Linear(ParamFactory p, int in, int out, boolean withBias, ParamInit weightInit, ParamInit biasInit) {
    this.p = p;
    this.weight = p.var("weight", weightInit, out, in);
    this.bias = withBias ? p.var("bias", biasInit, out) : null;
  }

  /** {@code x·Wᵀ + b} for x (N, in). */
  public SDVariable apply(SDVariable x) {
    return GraphOps.linear(p.sd(), x, weight, bias);
  }

  public SDVariable weight() {
    return weight;
  }
}
