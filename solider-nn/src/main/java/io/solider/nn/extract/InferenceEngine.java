package io.solider.nn.extract;

import io.solider.nn.backbone.Backbone;
import io.solider.nn.backbone.BackboneMode;
import io.solider.nn.backbone.BackboneRunner;
import io.solider.nn.onnx.OnnxRuntimeBackbone;
import java.util.Locale;

/**
 * What runs the backbone for inference: SameDiff (the default, and the reference for parity) or
 * ONNX Runtime on the backbone exported to ONNX. Training always uses SameDiff.
 */
public enum InferenceEngine {
  SAMEDIFF,
  ONNXRUNTIME;

  /** A runner of {@code backbone} for {@code height × width} inputs on this engine. */
  public BackboneRunner open(Backbone backbone, int height, int width) {
    return this == SAMEDIFF ? backbone.graph(height, width, BackboneMode.INFERENCE)
        : OnnxRuntimeBackbone.open(backbone, height, width);
  }

  /** "samediff" or "onnxruntime" (any case). */
  public static InferenceEngine parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown engine '" + name + "': use samediff or onnxruntime", e);
    }
  }
}
