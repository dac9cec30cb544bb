package io.solider.nn.blocks;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * mmdet's {@code Scale}: a learnable scalar {@code scale} (a 0-dimensional tensor in the state
 * dict) multiplying its input.
 */
public final class Scale {

  private final SDVariable scale;

  /** Creates {@code scale}, initialised to {@code init} (the CSP head uses 1.0). */
  public Scale(ParamFactory p, double init) {
    this.scale = p.var("scale", ParamInit.constant(init));
  }

  /** {@code x · scale}. */
  public SDVariable apply(SDVariable x) {
    return x.mul(scale);
  }
}
