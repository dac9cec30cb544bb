package io.solider.nn.blocks;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** Inverted dropout with drop probability {@code rate}; the identity in inference or at rate 0. */
public final class Dropout {

  private final SameDiff sd;
  private final double rate;

  public Dropout(SameDiff sd, double rate, boolean training) {
    this.sd = sd;
    this.rate = training ? rate : 0;
  }

  public SDVariable apply(SDVariable x) {
    return rate > 0 ? sd.nn().dropoutInverted(x, rate) : x;
  }
}
