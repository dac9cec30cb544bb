package io.solider.nn.blocks;

import io.solider.nn.ops.GraphOps;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Patch merging between stages, the release's {@code nn.Unfold}(kernel 2, stride s) after
 * "corner" zero padding at the bottom/right: each 2×2 neighbourhood becomes a 4C vector in
 * unfold order (index {@code c·4 + 2·dy + dx}, as SOLIDER checkpoints expect), then LayerNorm(4C)
 * and Linear(4C → 2C, no bias). Keys {@code norm.*}, {@code reduction.weight}.
 *
 * <ul>
 *   <li>stride 2 (every released pretraining and re-id model): sides padded to even, halved;
 *   <li>stride 1 (the pose, parsing and pedestrian-detection variants): one zero row and column
 *       padded, neighbourhoods overlap, the side stays.
 * </ul>
 */
public final class PatchMerging {

  private final ParamFactory p;
  private final LayerNorm norm;
  private final Linear reduction;
  private final int dim;
  private final int stride;

  /**
   * @param stride 2 (halves the map) or 1 (keeps its size)
   */
  public PatchMerging(ParamFactory p, int dim, int stride, double eps) {
    if (stride != 1 && stride != 2) {
      throw new IllegalArgumentException("patch merging stride must be 1 or 2, got " + stride);
    }
    this.p = p;
    this.norm = new LayerNorm(p.child("norm"), 4 * dim, eps);
    this.reduction = new Linear(p.child("reduction"), 4 * dim, 2 * dim, false);
    this.dim = dim;
    this.stride = stride;
  }

  /** The grid this merging makes of {@code g}. */
  public Grid outputGrid(Grid g) {
    return g.merged(stride);
  }

  /** tokens (B, h, w, C) → (B, h', w', 2C) with {@code (h', w') = outputGrid(g)}. */
  public SDVariable apply(SDVariable x, Grid g) {
    Grid m = outputGrid(g);
    SDVariable y = stride == 2 ? neighbourhoodsStride2(x, g, m) : neighbourhoodsStride1(x, g);
    return reduction.apply(norm.apply(y, 2)).reshape(-1, m.h(), m.w(), 2L * dim);
  }

  /** Non-overlapping 2×2 neighbourhoods as (B·h'·w', 4C) rows. */
  private SDVariable neighbourhoodsStride2(SDVariable x, Grid g, Grid m) {
    SDVariable y = GraphOps.padEnd(p.sd(), x, 4, new int[] {1, 2}, new int[] {2 * m.h() - g.h(), 2 * m.w() - g.w()});
    return y.reshape(-1, m.h(), 2, m.w(), 2, dim)
        .permute(0, 1, 3, 5, 2, 4)
        .reshape(-1, 4L * dim);
  }

  /**
   * Overlapping 2×2 neighbourhoods of every pixel as (B·h·w, 4C) rows: the map padded by one zero
   * row and column, cut into the four shifted copies (dy, dx), stacked after the channel axis.
   */
  private SDVariable neighbourhoodsStride1(SDVariable x, Grid g) {
    SameDiff sd = p.sd();
    SDVariable y = GraphOps.padEnd(sd, x, 4, new int[] {1, 2}, new int[] {1, 1});
    SDVariable[] shifted = new SDVariable[4];
    for (int dy = 0; dy < 2; dy++) {
      SDVariable rows = GraphOps.sliceAxis(sd, y, 1, 4, dy, dy + g.h());
      for (int dx = 0; dx < 2; dx++) {
        shifted[2 * dy + dx] = GraphOps.sliceAxis(sd, rows, 2, 4, dx, dx + g.w()).reshape(-1, g.h(), g.w(), dim, 1);
      }
    }
    return sd.concat(4, shifted).reshape(-1, 4L * dim);
  }
}
