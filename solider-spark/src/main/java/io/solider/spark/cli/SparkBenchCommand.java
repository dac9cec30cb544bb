package io.solider.spark.cli;

import io.solider.nn.extract.InferenceEngine;
import io.solider.nn.io.JsonFile;
import io.solider.spark.bench.ExtractBenchmark;
import io.solider.spark.extract.ExtractJobConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code solider spark bench}: images/s of spark extract per master against one process. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Times feature extraction of a folder of images in one process (as solider extract) and as a Spark job under "
          + "each --masters entry (a new local session each), after a warm-up each; prints images/s and the ratio "
          + "to one process and writes them as JSON. Run with OMP_NUM_THREADS=1 so that one Spark core is one CPU core."
    })
final class SparkBenchCommand implements Callable<Integer> {

  @Option(names = "--checkpoint", required = true, paramLabel = "FILE", description = "Backbone checkpoint.")
  Path checkpoint;

  @Option(names = "--input", required = true, paramLabel = "DIR", description = "A folder of images.")
  Path input;

  @Option(names = "--output", required = true, paramLabel = "FILE", description = "The results (JSON).")
  Path output;

  @Option(names = "--work", paramLabel = "DIR", description = "Folder for the extractions. Default: OUTPUT's "
      + "name with .work.")
  Path work;

  @Option(names = "--masters", defaultValue = "local[1],local[2]", split = ",", paramLabel = "URL",
      description = "Spark masters to time, in order. Default: ${DEFAULT-VALUE}.")
  List<String> masters;

  @Option(names = "--size", paramLabel = "HxW", defaultValue = "256x128",
      description = "Resize images to this size. Default: ${DEFAULT-VALUE}.")
  String size;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "16",
      description = "Images per forward pass. Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Option(names = "--warmup-images", paramLabel = "N", defaultValue = "32",
      description = "Images of the warm-up before each measurement. Default: ${DEFAULT-VALUE}.")
  int warmupImages;

  @Override
  public Integer call() throws Exception {
    int[] hw = SparkExtractCommand.parseSize(size);
    ExtractJobConfig job = new ExtractJobConfig(checkpoint.toAbsolutePath().toString(), 0.2, hw[0], hw[1], "imagenet",
        batchSize, 0, InferenceEngine.SAMEDIFF);
    Path dir = work != null ? work : output.resolveSibling(output.getFileName() + ".work");
    ExtractBenchmark.Config config = new ExtractBenchmark.Config(input, job, masters, warmupImages, dir);
    List<ExtractBenchmark.Measurement> results = new ExtractBenchmark(config).run();
    for (ExtractBenchmark.Measurement m : results) {
      System.out.println(ExtractBenchmark.line(m, results.get(0)));
    }
    JsonFile.write(ExtractBenchmark.toJson(config, results), output);
    return 0;
  }
}
