package io.solider.cli.options;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Several semantic weights λ ({@code --semantic-weight 0,0.2,0.5}): a sweep evaluated one by one;
 * each command passes its task's default.
 */
public final class SemanticWeightsOption {

  @Option(names = "--semantic-weight", paramLabel = "λ", split = ",",
      description = "Semantic weight(s) λ in [0, 1], comma-separated to evaluate each. Default: ${DEFAULT-VALUE}.")
  List<Double> lambdas;

  public SemanticWeightsOption(double... defaults) {
    this.lambdas = new ArrayList<>();
    for (double d : defaults) {
      lambdas.add(d);
    }
  }

  /** The weights, each checked to lie in [0, 1], in the order given. */
  public List<Double> values() {
    if (lambdas.isEmpty()) {
      throw new IllegalArgumentException("--semantic-weight needs at least one value");
    }
    for (double l : lambdas) {
      if (!(l >= 0 && l <= 1)) {
        throw new IllegalArgumentException("--semantic-weight values must be in [0, 1], got " + l);
      }
    }
    return List.copyOf(lambdas);
  }
}
