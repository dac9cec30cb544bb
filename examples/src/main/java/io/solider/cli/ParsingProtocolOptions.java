package io.solider.cli;

import io.solider.tasks.parsing.head.ParsingPredictor;
import java.util.List;
import picocli.CommandLine.Option;

/** The parsing test protocol: test scales and flip (evaluate_swin.sh's by default). */
final class ParsingProtocolOptions {

  @Option(names = "--test-scales", defaultValue = "0.5,0.75,1.0,1.25,1.5", split = ",", paramLabel = "S",
      description = "Scales of the crop the model runs at; their fused scores are averaged. Default: ${DEFAULT-VALUE}.")
  List<Double> scales = List.of(0.5, 0.75, 1.0, 1.25, 1.5);

  @Option(names = "--flip", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Also run the mirrored crop and average (left/right classes swapped back). Default: ${DEFAULT-VALUE}.")
  boolean flip = true;

  /** The protocol with {@code batchSize} images per forward pass and the metric's integer box centre. */
  ParsingPredictor.Options options(int batchSize) {
    return new ParsingPredictor.Options(scales, flip, true, batchSize);
  }
}
