package io.solider.cli.options;

import picocli.CommandLine.Option;

/**
 * Whether training recomputes the backbone's activations block by block in the backward pass
 * ({@code --recompute} / {@code --no-recompute}): the same numbers in far less memory, for about
 * one extra forward pass of compute.
 */
public final class RecomputeOption {

  @Option(names = "--recompute", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Recompute backbone activations block by block in the backward pass (same numbers, far less "
          + "memory); --no-recompute keeps every activation. Default: ${DEFAULT-VALUE}.")
  boolean recompute = true;

  public boolean value() {
    return recompute;
  }
}
