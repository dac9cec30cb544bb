package io.solider.cli.options;

import picocli.CommandLine.Option;

/** Images per batch ({@code --batch-size}, alias {@code --batch}); each command passes its default. */
public final class BatchSizeOption {

  @Option(names = {"--batch-size", "--batch"}, paramLabel = "N",
      description = "Images per batch. Default: ${DEFAULT-VALUE}.")
  int batchSize;

  public BatchSizeOption(int defaultValue) {
    this.batchSize = defaultValue;
  }

  public int value() {
    if (batchSize < 1) {
      throw new IllegalArgumentException("--batch-size must be >= 1, got " + batchSize);
    }
    return batchSize;
  }
}
