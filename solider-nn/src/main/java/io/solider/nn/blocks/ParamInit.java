package io.solider.nn.blocks;

/**
 * How a fresh parameter is initialised, following the release's {@code init_weights}.
 *
 * @param kind the distribution
 * @param scale std of the truncated normal, or bound of the uniform
 */
public record ParamInit(Kind kind, double scale) {

  /** Distribution of initial values. */
  public enum Kind {
    /** Normal(0, scale²) truncated at ±2·scale. */
    TRUNC_NORMAL,
    /** Uniform in ±scale. */
    UNIFORM,
    ZEROS,
    ONES
  }

  /** Linear weights: truncated normal, std 0.02. */
  public static final ParamInit TRUNC_NORMAL = new ParamInit(Kind.TRUNC_NORMAL, 0.02);
  public static final ParamInit ZEROS = new ParamInit(Kind.ZEROS, 0);
  public static final ParamInit ONES = new ParamInit(Kind.ONES, 0);

  /** PyTorch's default Conv2d init for weight and bias: uniform ±1/√fan_in. */
  public static ParamInit convDefault(long fanIn) {
    return new ParamInit(Kind.UNIFORM, 1.0 / Math.sqrt(fanIn));
  }
}
