package io.solider.nn.blocks;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * SOLIDER's semantic controller after stage i: with s = [λ, 1 − λ] per sample,
 * {@code x ← x ⊙ softplus(W·s + b) + (V·s + c)}, broadcast over tokens.
 * Keys {@code semantic_embed_w.i.*} (W, b) and {@code semantic_embed_b.i.*} (V, c).
 */
public final class SemanticController {

  private final ParamFactory p;
  private final Linear scale;
  private final Linear shift;
  private final int dim;

  public SemanticController(ParamFactory p, int stage, int dim) {
    this.p = p;
    this.scale = new Linear(p.child("semantic_embed_w").child(Integer.toString(stage)), 2, dim, true);
    this.shift = new Linear(p.child("semantic_embed_b").child(Integer.toString(stage)), 2, dim, true);
    this.dim = dim;
  }

  /**
   * @param x tokens (B, h, w, C)
   * @param semanticWeight (B, 2) rows [λ, 1 − λ]
   */
  public SDVariable apply(SDVariable x, SDVariable semanticWeight) {
    SDVariable gain = p.sd().nn().softplus(scale.apply(semanticWeight)).reshape(-1, 1, 1, dim);
    SDVariable bias = shift.apply(semanticWeight).reshape(-1, 1, 1, dim);
    return x.mul(gain).add(bias);
  }
}
