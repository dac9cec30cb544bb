package io.solider.nn.exec;

import java.util.Locale;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Which engine runs our SameDiff graphs. {@link #PLANNED} (the default) is this package's
 * executor; {@link #SAMEDIFF} is SameDiff's own session, kept as the reference and as a switch
 * back ({@code -Dsolider.executor=samediff}, or the environment variable
 * {@code SOLIDER_EXECUTOR=samediff}). Both run the same ops with the same arguments.
 */
public enum GraphExecution {
  /** Precomputed op order, reused op contexts, intermediates freed at their last use. */
  PLANNED,
  /** {@code SameDiff.output} / {@code calculateGradientsAndOutputs}. */
  SAMEDIFF;

  /** System property that selects the engine. */
  public static final String PROPERTY = "solider.executor";
  /** Environment variable read when the property is not set. */
  public static final String ENVIRONMENT = "SOLIDER_EXECUTOR";

  /** The engine named by {@value #PROPERTY} or {@value #ENVIRONMENT}; {@link #PLANNED} if neither is set. */
  public static GraphExecution configured() {
    String v = System.getProperty(PROPERTY);
    if (v == null || v.isBlank()) {
      v = System.getenv(ENVIRONMENT);
    }
    return v == null || v.isBlank() ? PLANNED : parse(v);
  }

  /** "planned" or "samediff" (any case). */
  public static GraphExecution parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown graph executor '" + name + "': use planned or samediff", e);
    }
  }

  /** A runner of this engine for {@code sd}. */
  public GraphRunner runner(SameDiff sd) {
    return this == PLANNED ? new PlannedRunner(sd, null) : new SameDiffRunner(sd);
  }

  /** A planned runner that adds the time of every op it runs to {@code profile}. */
  public static GraphRunner profiledRunner(SameDiff sd, OpProfile profile) {
    return new PlannedRunner(sd, profile);
  }
}
