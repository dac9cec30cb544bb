package io.solider.nn.blocks;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Creates the trainable variables of a graph, named by their state-dict key (e.g.
 * {@code stages.0.blocks.1.attn.w_msa.qkv.weight}), so a graph's variables map one-to-one onto
 * the release's checkpoint keys.
 */
public final class ParamFactory {

  private final SameDiff sd;
  private final ParameterSource source;
  private final String prefix;

  public ParamFactory(SameDiff sd, ParameterSource source) {
    this(sd, source, "");
  }

  private ParamFactory(SameDiff sd, ParameterSource source, String prefix) {
    this.sd = sd;
    this.source = source;
    this.prefix = prefix;
  }

  /** A factory whose keys are prefixed by {@code name + "."}. */
  public ParamFactory child(String name) {
    return new ParamFactory(sd, source, prefix + name + ".");
  }

  /** The variable {@code prefix + name}. */
  public SDVariable var(String name, ParamInit init, long... shape) {
    String key = prefix + name;
    return sd.var(key, source.get(key, init, shape));
  }

  /** The graph under construction. */
  public SameDiff sd() {
    return sd;
  }
}
