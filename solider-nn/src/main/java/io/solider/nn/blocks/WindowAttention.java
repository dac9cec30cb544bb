package io.solider.nn.blocks;

import io.solider.nn.ops.GraphOps;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Multi-head self-attention inside windows, with relative position bias:
 * {@code softmax(q·kᵀ·scale + B + M)·v}, then a Linear projection. Keys {@code qkv.*},
 * {@code relative_position_bias_table}, {@code proj.*} (the release's {@code attn.w_msa}).
 */
public final class WindowAttention {

  private final ParamFactory p;
  private final SDVariable qkvWeight;
  private final SDVariable qkvBias;
  private final SDVariable biasTable;
  private final Linear proj;
  private final int dim;
  private final int heads;
  private final int tokens;
  private final double scale;
  private final Dropout attnDrop;
  private final Dropout projDrop;

  /**
   * @param window window side w; a window holds N = w² tokens
   */
  public WindowAttention(ParamFactory p, int dim, int heads, int window, Dropout attnDrop, Dropout projDrop) {
    this.p = p;
    ParamFactory qkv = p.child("qkv");
    this.qkvWeight = qkv.var("weight", ParamInit.TRUNC_NORMAL, 3L * dim, dim);
    this.qkvBias = qkv.var("bias", ParamInit.ZEROS, 3L * dim);
    int side = 2 * window - 1;
    this.biasTable = p.var("relative_position_bias_table", ParamInit.ZEROS, (long) side * side, heads);
    this.proj = new Linear(p.child("proj"), dim, dim, true);
    this.dim = dim;
    this.heads = heads;
    this.tokens = window * window;
    this.scale = Math.pow((double) dim / heads, -0.5);
    this.attnDrop = attnDrop;
    this.projDrop = projDrop;
  }

  /**
   * @param windows (B·nW·N, C) tokens, window-major
   * @param relOneHot (N², (2w−1)²) gather matrix of the bias table
   * @param mask null, or the shift mask (1, nW, 1, N, N)
   * @param numWindows nW, windows per image
   * @return (B·nW·N, C)
   */
  public SDVariable apply(SDVariable windows, SDVariable relOneHot, SDVariable mask, int numWindows) {
    SameDiff sd = p.sd();
    int hd = dim / heads;
    // One (M, C)·(C, 3C) matmul for q, k and v, then one permute to (3, B·nW, heads, N, hd): the
    // three row-slice projections it replaces cost three matmuls, and in the backward pass three
    // full-size slice gradients summed into the weight's gradient.
    SDVariable qkv = GraphOps.linear(sd, windows, qkvWeight, qkvBias)
        .reshape(-1, tokens, 3, heads, hd)
        .permute(2, 0, 3, 1, 4);
    SDVariable q = part(qkv, 0).mul(scale);
    SDVariable k = part(qkv, 1);
    SDVariable v = part(qkv, 2);
    SDVariable logits = sd.mmul(q, k, false, true, false).add(relativeBias(relOneHot));
    if (mask != null) {
      logits = logits.reshape(-1, numWindows, heads, tokens, tokens).add(mask)
          .reshape(-1, heads, tokens, tokens);
    }
    SDVariable attn = attnDrop.apply(sd.nn().softmax(logits, 3));
    SDVariable out = sd.mmul(attn, v).permute(0, 2, 1, 3).reshape(-1, (long) heads * hd);
    return projDrop.apply(proj.apply(out));
  }

  /** The bias B (1, heads, N, N) gathered from the table by a one-hot matmul. */
  private SDVariable relativeBias(SDVariable relOneHot) {
    return p.sd().mmul(relOneHot, biasTable).permute(1, 0).reshape(1, heads, tokens, tokens);
  }

  /** Part 0 (q), 1 (k) or 2 (v) of the permuted projection: (B·nW, heads, N, head_dim). */
  private SDVariable part(SDVariable qkv, int part) {
    return GraphOps.sliceAxis(p.sd(), qkv, 0, 5, part, part + 1).reshape(-1, heads, tokens, dim / heads);
  }
}
