package io.solider.cli.options;

import io.solider.nn.extract.InferenceEngine;
import picocli.CommandLine.Option;

/** {@code --engine}: what runs the backbone of an inference command (shared by every such command). */
public final class EngineOptions {

  @Option(names = "--engine", defaultValue = "samediff", paramLabel = "NAME", converter = EngineConverter.class,
      description = "Inference engine: samediff (the reference) or onnxruntime (the backbone exported to ONNX "
          + "and run by ONNX Runtime; several times faster on CPU). Default: ${DEFAULT-VALUE}.")
  InferenceEngine engine = InferenceEngine.SAMEDIFF;

  /** {@code --engine} values in any case. */
  static final class EngineConverter extends LowerCaseEnum<InferenceEngine> {
    EngineConverter() {
      super(InferenceEngine.class);
    }
  }

  public InferenceEngine engine() {
    return engine;
  }
}
