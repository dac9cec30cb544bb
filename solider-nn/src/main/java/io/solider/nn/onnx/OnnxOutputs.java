package io.solider.nn.onnx;

import java.util.Locale;

/**
 * Which outputs an exported backbone has. {@link #POOLED}: the pooled feature alone, so the graph
 * holds none of the stage-map nodes (the per-stage output norms and their layout changes), which
 * ONNX Runtime would otherwise keep even when a caller asks for {@code pooled} only; this is the
 * model for embeddings (extraction, re-id). {@link #ALL}: {@code pooled} and {@code stage0..stage3},
 * what dense heads need.
 */
public enum OnnxOutputs {
  POOLED,
  ALL;

  /** "pooled" or "all" (any case). */
  public static OnnxOutputs parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown outputs '" + name + "': use pooled or all", e);
    }
  }

  /** The lower-case name the command line takes. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
