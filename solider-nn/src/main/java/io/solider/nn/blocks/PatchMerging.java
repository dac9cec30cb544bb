package io.solider.nn.blocks;

import io.solider.nn.ops.GraphOps;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * Patch merging between stages: zero-pad to even sides, gather each 2×2 neighbourhood into a
 * 4C vector in unfold order (index {@code c·4 + 2·dy + dx}, as nn.Unfold and SOLIDER checkpoints),
 * LayerNorm(4C), Linear(4C → 2C, no bias). Keys {@code norm.*}, {@code reduction.weight}.
 */
public final class PatchMerging {

  private final ParamFactory p;
  private final LayerNorm norm;
  private final Linear reduction;
  private final int dim;

  public PatchMerging(ParamFactory p, int dim, double eps) {
    this.p = p;
    this.norm = new LayerNorm(p.child("norm"), 4 * dim, eps);
    this.reduction = new Linear(p.child("reduction"), 4 * dim, 2 * dim, false);
    this.dim = dim;
  }

  /** tokens (B, h, w, C) → (B, ⌈h/2⌉, ⌈w/2⌉, 2C). */
  public SDVariable apply(SDVariable x, Grid g) {
    Grid m = g.merged();
    SDVariable y = GraphOps.padEnd(p.sd(), x, 4, new int[] {1, 2}, new int[] {2 * m.h() - g.h(), 2 * m.w() - g.w()});
    y = y.reshape(-1, m.h(), 2, m.w(), 2, dim)
        .permute(0, 1, 3, 5, 2, 4)
        .reshape(-1, 4L * dim);
    return reduction.apply(norm.apply(y, 2)).reshape(-1, m.h(), m.w(), 2L * dim);
  }
}
