package io.solider.nn.blocks;

import java.util.Arrays;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;

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
    SDVariable existing = existing(key, VariableType.VARIABLE, shape);
    return existing != null ? existing : sd.var(key, source.get(key, init, shape));
  }

  /**
   * A buffer (state that is not trained, e.g. batch norm's running statistics) {@code prefix +
   * name}, as a graph constant holding the source's array itself, so that updating that array in
   * place changes what the graph computes. Reused if the graph already has it.
   */
  public SDVariable buffer(String name, ParamInit init, long... shape) {
    String key = prefix + name;
    SDVariable existing = existing(key, VariableType.CONSTANT, shape);
    return existing != null ? existing : sd.constant(key, source.get(key, init, shape));
  }

  /** The graph's {@code key} if it has it as a {@code type} of that shape, null if it has no {@code key}. */
  private SDVariable existing(String key, VariableType type, long[] shape) {
    if (!sd.hasVariable(key)) {
      return null;
    }
    SDVariable existing = sd.getVariable(key);
    if (existing.getVariableType() != type || !Arrays.equals(existing.getArr().shape(), shape)) {
      throw new IllegalStateException("graph already has '" + key + "' as a " + existing.getVariableType()
          + " of shape " + Arrays.toString(existing.getArr().shape()) + ", cannot reuse it as a " + type
          + " of shape " + Arrays.toString(shape));
    }
    return existing;
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
