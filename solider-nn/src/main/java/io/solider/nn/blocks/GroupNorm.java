package io.solider.nn.blocks;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * torch.nn.GroupNorm(groups, C) on NCHW maps: each sample's channels are cut into {@code groups}
 * consecutive groups, each normalised with its own mean and biased variance over (C/groups, H, W),
 * then scaled by {@code weight} and shifted by {@code bias} per channel. The same statistics in
 * training and inference.
 */
public final class GroupNorm {

  private final ParamFactory p;
  private final int groups;
  private final int channels;
  private final double eps;
  private final SDVariable weight;
  private final SDVariable bias;

  /** γ = 1, β = 0, as torch initialises them. */
  public GroupNorm(ParamFactory p, int groups, int channels, double eps) {
    if (groups < 1 || channels % groups != 0) {
      throw new IllegalArgumentException("group norm needs channels divisible by groups, got " + channels + " channels, "
          + groups + " groups");
    }
    this.p = p;
    this.groups = groups;
    this.channels = channels;
    this.eps = eps;
    this.weight = p.var("weight", ParamInit.ONES, channels);
    this.bias = p.var("bias", ParamInit.ZEROS, channels);
  }

  /** x (B, C, h, w) → same shape. */
  public SDVariable apply(SDVariable x, int h, int w) {
    SameDiff sd = p.sd();
    SDVariable g = x.reshape(-1, groups, (long) (channels / groups) * h * w);
    SDVariable mean = g.mean(true, 2);
    SDVariable centred = g.sub(mean);
    SDVariable var = sd.math().square(centred).mean(true, 2);
    SDVariable normed = centred.mul(sd.math().rsqrt(var.add(eps))).reshape(-1, channels, h, w);
    return normed.mul(weight.reshape(1, channels, 1, 1)).add(bias.reshape(1, channels, 1, 1));
  }
}
