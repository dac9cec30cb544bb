package io.solider.cli;

import io.solider.nn.extract.InferenceEngine;
import picocli.CommandLine.Option;

/** {@code --engine}: what runs the backbone of an inference command (shared by every such command). */
final class EngineOptions {

  @Option(names = "--engine", defaultValue = "samediff", paramLabel = "samediff|onnxruntime",
      description = "Inference engine: samediff (the reference) or onnxruntime (the backbone exported to ONNX "
          + "and run by ONNX Runtime; several times faster on CPU). Default: ${DEFAULT-VALUE}.")
  String engine;

  /** The chosen engine; an unknown name is a usage error. */
  InferenceEngine engine() {
    return InferenceEngine.parse(engine);
  }
}
