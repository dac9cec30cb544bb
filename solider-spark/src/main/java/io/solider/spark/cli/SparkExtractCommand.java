package io.solider.spark.cli;

import io.solider.nn.extract.InferenceEngine;
import io.solider.spark.extract.ExtractInput;
import io.solider.spark.extract.ExtractJob;
import io.solider.spark.extract.ExtractJobConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code solider spark extract}: pooled features of many images as Parquet. */
@Command(
    name = "extract",
    mixinStandardHelpOptions = true,
    description = {
      "Extracts the backbone's pooled features of a folder of images (or a list file, one path per line, or a "
          + "folder or glob read with Spark's binaryFile source) on Spark "
          + "and writes them with file, identity, camera (from Market-1501-style names, else -1) and λ as Parquet "
          + "to OUTPUT/embeddings; OUTPUT/extract.json lists images that did not decode and the model."
    })
final class SparkExtractCommand implements Callable<Integer> {

  @Mixin SparkCli.SparkOptions spark = new SparkCli.SparkOptions();

  @Option(names = "--checkpoint", required = true, paramLabel = "FILE",
      description = "SOLIDER checkpoint (any layout solider extract reads); a path every executor can read.")
  Path checkpoint;

  @Option(names = "--input", required = true, paramLabel = "DIR|LIST|GLOB",
      description = "A folder of images (recursively) or a text file with one image path per line; with "
          + "--input-format binaryFile a folder or a glob ('/data/market/bounding_box_test/*.jpg') on any file "
          + "system Spark reads (file:, hdfs://, s3a://…).")
  String input;

  @Option(names = "--input-format", paramLabel = "FORMAT", defaultValue = "files",
      description = "files: the driver lists a folder or list file on its file system and executors read the "
          + "paths; binaryFile: Spark's binaryFile source lists a folder or glob and gives the executors the "
          + "bytes. Default: ${DEFAULT-VALUE}.")
  String inputFormat;

  @Option(names = "--max-image-bytes", paramLabel = "N", defaultValue = "268435456",
      description = "With --input-format binaryFile: larger files are not read and are listed as failures. "
          + "Default: ${DEFAULT-VALUE} (256 MiB).")
  long maxImageBytes;

  @Option(names = "--output", required = true, paramLabel = "DIR", description = "Output folder.")
  Path output;

  @Option(names = "--semantic-weight", defaultValue = "0.2", paramLabel = "W",
      description = "Semantic weight λ in [0,1]. Default: ${DEFAULT-VALUE}.")
  double semanticWeight;

  @Option(names = "--size", paramLabel = "HxW", defaultValue = "256x128",
      description = "Resize images to this size. Default: ${DEFAULT-VALUE}.")
  String size;

  @Option(names = "--normalization", paramLabel = "NAME", defaultValue = "imagenet",
      description = "imagenet or reid. Default: ${DEFAULT-VALUE}.")
  String normalization;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "16",
      description = "Images per forward pass on an executor. Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Option(names = "--partitions", paramLabel = "N", defaultValue = "0",
      description = "Tasks to split the images into (0: Spark's default parallelism). Default: ${DEFAULT-VALUE}.")
  int partitions;

  @Option(names = "--engine", paramLabel = "NAME", defaultValue = "samediff",
      description = "Inference engine on the executors: samediff or onnx. Default: ${DEFAULT-VALUE}.")
  String engine;

  @Option(names = "--overwrite", description = "Replace a complete earlier extraction in OUTPUT.")
  boolean overwrite;

  @Override
  public Integer call() throws Exception {
    int[] hw = parseSize(size);
    io.solider.nn.image.ImageNormalization.named(normalization); // fail here, not on the executors
    ExtractJobConfig config = new ExtractJobConfig(checkpoint.toAbsolutePath().toString(), semanticWeight, hw[0],
        hw[1], normalization, batchSize, partitions, InferenceEngine.parse(engine));
    ExtractInput in = input(inputFormat, input, maxImageBytes);
    SparkSession session = spark.session("extract");
    new ExtractJob(session, config).run(in, output, overwrite);
    return 0;
  }

  static ExtractInput input(String format, String input, long maxBytes) {
    if (format.equals("binaryFile")) {
      if (maxBytes < 1 || maxBytes > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("--max-image-bytes must be in [1, " + (Integer.MAX_VALUE - 8) + "], got "
            + maxBytes);
      }
      return new ExtractInput.BinaryFiles(input, maxBytes);
    }
    if (format.equals("files")) {
      return new ExtractInput.Files(Path.of(input));
    }
    throw new IllegalArgumentException("--input-format must be files or binaryFile, got '" + format + "'");
  }

  static int[] parseSize(String s) {
    String[] p = s.toLowerCase(java.util.Locale.ROOT).split("x");
    try {
      if (p.length == 2) {
        return new int[] {Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim())};
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("--size must be HxW (e.g. 256x128), got '" + s + "'");
  }
}
