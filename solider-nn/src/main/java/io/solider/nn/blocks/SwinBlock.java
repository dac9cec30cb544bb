package io.solider.nn.blocks;

import io.solider.nn.ops.GraphOps;
import io.solider.nn.ops.WindowGeometry;
import io.solider.nn.ops.Windows;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Swin block, pre-norm with two residuals:
 * {@code x = x + DropPath(ShiftedWindowAttention(LN1(x)))}, then
 * {@code x = x + DropPath(MLP(LN2(x)))} with MLP = Linear → exact GELU → Linear.
 *
 * <p>The windowed path pads the normalised map at the bottom/right to a multiple of the window
 * (padding tokens are plain zeros and are attended to, as in the release), rolls it by −shift on
 * both axes in shifted blocks, partitions it ({@link Windows#partitionWindows}), attends, and
 * undoes each step in reverse order.
 */
public final class SwinBlock {

  /** Context shared by the blocks of one stage: geometry constants and the drop-path input. */
  public record StageContext(
      Grid grid, int window, SDVariable relOneHot, SDVariable shiftMask, Dropout drop, Dropout attnDrop) {

    /**
     * The context of a stage whose token map is {@code grid}: its shift mask is added to the
     * graph as the constant {@code maskName}, shaped (1, nW, 1, N, N) to broadcast over batch and
     * heads.
     */
    public static StageContext create(SameDiff sd, String maskName, Grid grid, int window, SDVariable relOneHot,
        Dropout drop, Dropout attnDrop) {
      StageContext probe = new StageContext(grid, window, relOneHot, null, drop, attnDrop);
      Grid padded = probe.padded();
      long n = (long) window * window;
      SDVariable mask = sd.constant(maskName, WindowGeometry.shiftMask(padded.h(), padded.w(), window, window / 2)
          .reshape(1, probe.numWindows(), 1, n, n));
      return new StageContext(grid, window, relOneHot, mask, drop, attnDrop);
    }

    /** The grid padded to whole windows. */
    public Grid padded() {
      return new Grid(WindowGeometry.padTo(grid.h(), window), WindowGeometry.padTo(grid.w(), window));
    }

    public int numWindows() {
      Grid p = padded();
      return (p.h() / window) * (p.w() / window);
    }
  }

  private final ParamFactory p;
  private final LayerNorm norm1;
  private final WindowAttention attn;
  private final LayerNorm norm2;
  private final Linear fc1;
  private final Linear fc2;
  private final int dim;
  private final int shift;

  /**
   * @param p keys under {@code stages.s.blocks.b}
   * @param shifted whether this block rolls its map by half a window (odd blocks)
   */
  public SwinBlock(ParamFactory p, int dim, int heads, int mlpRatio, StageContext ctx, boolean shifted, double eps) {
    this.p = p;
    this.norm1 = new LayerNorm(p.child("norm1"), dim, eps);
    this.attn = new WindowAttention(p.child("attn").child("w_msa"), dim, heads, ctx.window(), ctx.attnDrop(), ctx.drop());
    this.norm2 = new LayerNorm(p.child("norm2"), dim, eps);
    ParamFactory ffn = p.child("ffn").child("layers");
    this.fc1 = new Linear(ffn.child("0").child("0"), dim, dim * mlpRatio, true);
    this.fc2 = new Linear(ffn.child("1"), dim * mlpRatio, dim, true);
    this.dim = dim;
    this.shift = shifted ? ctx.window() / 2 : 0;
  }

  /**
   * @param x tokens (B, h, w, C)
   * @param keepAttn null, or the drop-path scale of the attention branch per sample (B, 1, 1, 1)
   * @param keepMlp null, or that of the MLP branch
   */
  public SDVariable apply(SDVariable x, StageContext ctx, SDVariable keepAttn, SDVariable keepMlp) {
    SDVariable y = shiftedWindowAttention(norm1.apply(x, 4), ctx);
    x = x.add(dropPath(y, keepAttn));
    Grid g = ctx.grid();
    SDVariable h = norm2.apply(x, 4).reshape(-1, dim);
    h = ctx.drop().apply(GraphOps.gelu(p.sd(), fc1.apply(h)));
    h = ctx.drop().apply(fc2.apply(h)).reshape(-1, g.h(), g.w(), dim);
    return x.add(dropPath(h, keepMlp));
  }

  private SDVariable shiftedWindowAttention(SDVariable x, StageContext ctx) {
    SameDiff sd = p.sd();
    Grid g = ctx.grid();
    Grid pad = ctx.padded();
    int w = ctx.window();
    SDVariable y = GraphOps.padEnd(sd, x, 4, new int[] {1, 2}, new int[] {pad.h() - g.h(), pad.w() - g.w()});
    if (shift > 0) {
      y = GraphOps.roll(sd, GraphOps.roll(sd, y, -shift, 1, 4, pad.h()), -shift, 2, 4, pad.w());
    }
    SDVariable windows = Windows.partitionWindows(y, pad.h(), pad.w(), w, dim).reshape(-1, dim);
    SDVariable out = attn.apply(windows, ctx.relOneHot(), shift > 0 ? ctx.shiftMask() : null, ctx.numWindows());
    y = Windows.reverseWindows(out.reshape(-1, (long) w * w, dim), pad.h(), pad.w(), w, dim);
    if (shift > 0) {
      y = GraphOps.roll(sd, GraphOps.roll(sd, y, shift, 1, 4, pad.h()), shift, 2, 4, pad.w());
    }
    return GraphOps.cropEnd(sd, y, g.h(), g.w(), pad.h(), pad.w());
  }

  private static SDVariable dropPath(SDVariable branch, SDVariable keep) {
    return keep == null ? branch : branch.mul(keep);
  }
}
