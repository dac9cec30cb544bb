package io.solider.spark.cli;

import io.solider.spark.index.ShardedIndexJob;
import io.solider.tasks.reid.index.HnswSettings;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code solider spark index}: a sharded HNSW gallery index from extracted embeddings. */
@Command(
    name = "index",
    mixinStandardHelpOptions = true,
    description = {
      "Builds a sharded Lucene HNSW index from the output of solider spark extract, shards written in parallel; "
          + "solider reid-search --index DIR searches all shards and merges their top-k."
    })
final class SparkIndexCommand implements Callable<Integer> {

  @Mixin SparkCli.SparkOptions spark = new SparkCli.SparkOptions();

  @Option(names = "--embeddings", required = true, paramLabel = "DIR", description = "Output folder of spark extract.")
  Path embeddings;

  @Option(names = "--index", required = true, paramLabel = "DIR", description = "Index folder (new or empty).")
  Path index;

  @Option(names = "--shards", paramLabel = "N", defaultValue = "4",
      description = "Number of shards (contiguous row ranges, built in parallel). Default: ${DEFAULT-VALUE}.")
  int shards;

  @Option(names = "--hnsw-m", paramLabel = "M", defaultValue = "16",
      description = "HNSW neighbours per node (M). Default: ${DEFAULT-VALUE}.")
  int hnswM;

  @Option(names = "--beam-width", paramLabel = "N", defaultValue = "100",
      description = "HNSW construction beam width (efConstruction). Default: ${DEFAULT-VALUE}.")
  int beamWidth;

  @Override
  public Integer call() throws Exception {
    new ShardedIndexJob(spark.session("index")).run(embeddings, index, shards, new HnswSettings(hnswM, beamWidth));
    return 0;
  }
}
