package io.solider.nn.blocks;

/**
 * How a fresh parameter is initialised, following the release's {@code init_weights}.
 *
 * @param kind the distribution
 * @param scale std of the (truncated) normal, bound of the uniform, or the constant's value
 */
public record ParamInit(Kind kind, double scale) {

  /** Distribution of initial values. */
  public enum Kind {
    /** Normal(0, scale²) truncated at ±2·scale. */
    TRUNC_NORMAL,
    /** Uniform in ±scale. */
    UNIFORM,
    /** Normal(0, scale²), not truncated (mmcv's {@code normal_init}). */
    NORMAL,
    /** Every value equal to scale. */
    CONSTANT,
    ZEROS,
    ONES
  }

  /** Linear weights: truncated normal, std 0.02. */
  public static final ParamInit TRUNC_NORMAL = new ParamInit(Kind.TRUNC_NORMAL, 0.02);
  public static final ParamInit ZEROS = new ParamInit(Kind.ZEROS, 0);
  public static final ParamInit ONES = new ParamInit(Kind.ONES, 0);

  /**
   * PyTorch's default init of Conv2d, ConvTranspose2d and Linear weights and biases: uniform
   * ±1/√fan_in (kaiming_uniform with a = √5 gives the same bound).
   */
  public static ParamInit convDefault(long fanIn) {
    return new ParamInit(Kind.UNIFORM, 1.0 / Math.sqrt(fanIn));
  }

  /** Normal(0, std²), as {@code nn.init.normal_(w, 0, std)}. */
  public static ParamInit normal(double std) {
    return new ParamInit(Kind.NORMAL, std);
  }

  /** Every value {@code value}, as {@code nn.init.constant_}. */
  public static ParamInit constant(double value) {
    return new ParamInit(Kind.CONSTANT, value);
  }
}
