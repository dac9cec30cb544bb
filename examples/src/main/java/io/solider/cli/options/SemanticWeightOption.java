package io.solider.cli.options;

import picocli.CommandLine.Option;

/** One semantic weight λ ({@code --semantic-weight}); each command passes its task's default. */
public final class SemanticWeightOption {

  @Option(names = "--semantic-weight", paramLabel = "λ",
      description = "Semantic weight λ in [0, 1] (0: appearance, 1: body-part semantics). Default: ${DEFAULT-VALUE}.")
  double lambda;

  public SemanticWeightOption(double defaultValue) {
    this.lambda = defaultValue;
  }

  /** The weight, checked to lie in [0, 1]. */
  public double value() {
    if (!(lambda >= 0 && lambda <= 1)) {
      throw new IllegalArgumentException("--semantic-weight must be in [0, 1], got " + lambda);
    }
    return lambda;
  }
}
