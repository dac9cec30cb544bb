package io.solider.cli.options;

import picocli.CommandLine.Option;

/** The seed of every random choice ({@code --seed}); each command passes its recipe's default. */
public final class SeedOption {

  @Option(names = "--seed", paramLabel = "N", description = "Seed of every random choice. Default: ${DEFAULT-VALUE}.")
  long seed;

  public SeedOption(long defaultValue) {
    this.seed = defaultValue;
  }

  public long value() {
    return seed;
  }
}
