package io.solider.nn.blocks;

import io.solider.nn.ops.GraphOps;
import org.nd4j.autodiff.samediff.SDVariable;

/** torch.nn.LayerNorm over the last axis, with {@code weight} and {@code bias}. */
public final class LayerNorm {

  private final ParamFactory p;
  private final SDVariable weight;
  private final SDVariable bias;
  private final double eps;

  public LayerNorm(ParamFactory p, int dim, double eps) {
    this.p = p;
    this.weight = p.var("weight", ParamInit.ONES, dim);
    this.bias = p.var("bias", ParamInit.ZEROS, dim);
    this.eps = eps;
  }

  /** Normalises the last axis of a tensor of the given rank. */
  public SDVariable apply(SDVariable x, int rank) {
    return GraphOps.layerNorm(p.sd(), x, weight, bias, rank - 1, eps);
  }
}
