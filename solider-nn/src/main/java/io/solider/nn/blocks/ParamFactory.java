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

  /**
   * The variable {@code prefix + name}. If the graph already has a trainable variable of that
   * name and shape (a second instance of the same network, e.g. at another input size), it is
   * reused, so both instances share their parameters.
   */
  public SDVariable var(String name, ParamInit init, long... shape) {
    String key = prefix + name;
    if (sd.hasVariable(key)) {
      SDVariable existing = sd.getVariable(key);
      if (existing.getVariableType() != org.nd4j.autodiff.samediff.VariableType.VARIABLE
          || !java.util.Arrays.equals(existing.getArr().shape(), shape)) {
        throw new IllegalStateException("graph already has '" + key + "' as a " + existing.getVariableType()
            + " of shape " + java.util.Arrays.toString(existing.getArr().shape()) + ", cannot reuse it with shape "
            + java.util.Arrays.toString(shape));
      }
      return existing;
    }
    return sd.var(key, source.get(key, init, shape));
  }

  /**
   * A buffer (state that is not trained, e.g. batch norm's running statistics) {@code prefix +
   * name}, as a graph constant holding the source's array itself, so that updating that array in
   * place changes what the graph computes. Reused if the graph already has it.
   */
  public SDVariable buffer(String name, ParamInit init, long... shape) {
    String key = prefix + name;
    if (sd.hasVariable(key)) {
      SDVariable existing = sd.getVariable(key);
      if (existing.getVariableType() != org.nd4j.autodiff.samediff.VariableType.CONSTANT
          || !java.util.Arrays.equals(existing.getArr().shape(), shape)) {
        throw new IllegalStateException("graph already has '" + key + "' as a " + existing.getVariableType()
            + " of shape " + java.util.Arrays.toString(existing.getArr().shape()) + ", cannot reuse it as a buffer "
            + "of shape " + java.util.Arrays.toString(shape));
      }
      return existing;
    }
    return sd.constant(key, source.get(key, init, shape));
  }

  /** The key prefix of this factory ("" at the root, else ending in "."). */
  public String prefix() {
    return prefix;
  }

  /** The graph under construction. */
  public SameDiff sd() {
    return sd;
  }
}
