package io.solider.spark.cli;

import io.solider.spark.extract.ExtractComparison;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code solider spark compare}: a spark extract output against solider extract's. */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description = {
      "Checks a spark extract output against a solider extract output folder (pooled.npy, index.csv) of the same "
          + "images: every row exactly once, the same files in order, embeddings equal within --tolerance. Prints "
          + "one line; exit 0 when they agree, 1 when not."
    })
final class SparkCompareCommand implements Callable<Integer> {

  @Mixin SparkCli.SparkOptions spark = new SparkCli.SparkOptions();

  @Option(names = "--embeddings", required = true, paramLabel = "DIR", description = "The spark extract output.")
  Path embeddings;

  @Option(names = "--reference", required = true, paramLabel = "DIR", description = "The solider extract output.")
  Path reference;

  @Option(names = "--tolerance", defaultValue = "1e-5", paramLabel = "T",
      description = "Largest |Δ| of a component counted as equal. Default: ${DEFAULT-VALUE}.")
  double tolerance;

  @Override
  public Integer call() throws Exception {
    ExtractComparison.Result r = ExtractComparison.compare(spark.session("compare"), embeddings, reference, tolerance);
    System.out.println("compare: " + r.summary());
    return r.agrees() ? 0 : 1;
  }
}
