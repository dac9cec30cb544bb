package io.solider.spark.extract;

import io.solider.nn.backbone.Backbone;
import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.io.FileDigests;
import io.solider.nn.io.JsonFile;
import io.solider.spark.SparkFailures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.CollectionAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Extracts the backbone's pooled features of many images as a Spark job: the driver lists the
 * input, executors decode, resize, normalise and run the backbone (loaded once per executor,
 * {@link ExecutorBackbones}), and the embeddings are written as Parquet ({@link EmbeddingSchema})
 * under {@code <output>/embeddings} through Spark's commit protocol, so a retried or speculative
 * task never leaves a duplicate or partial file. Images that do not decode are counted and listed
 * in {@code <output>/extract.json}, written last.
 */
public final class ExtractJob {

  private static final Logger log = LoggerFactory.getLogger(ExtractJob.class);

  /** The Parquet folder under the output folder. */
  public static final String EMBEDDINGS = "embeddings";

  /** The summary written last under the output folder. */
  public static final String SUMMARY = "extract.json";

  private final SparkSession spark;
  private final ExtractJobConfig config;

  public ExtractJob(SparkSession spark, ExtractJobConfig config) {
    this.spark = spark;
    this.config = config;
  }

  /**
   * Extracts the images of {@code input} (a folder or a list file, {@link InputImage#list}) to
   * {@code output}.
   *
   * @param overwrite replace a complete earlier output (one with {@code extract.json}); the
   *     leftovers of a failed run are always replaced
   * @throws IllegalArgumentException for an input without images, an existing complete output,
   *     or when no image decodes
   * @throws NoSuchFileException when the input or the checkpoint does not exist
   */
  public ExtractSummary run(Path input, Path output, boolean overwrite) throws IOException {
    Path checkpoint = Path.of(config.checkpoint());
    if (!Files.isRegularFile(checkpoint)) {
      throw new NoSuchFileException(config.checkpoint(), null, "checkpoint does not exist");
    }
    if (!overwrite && Files.exists(output.resolve(SUMMARY))) {
      throw new IllegalArgumentException(output + " already holds a complete extraction (" + SUMMARY
          + "); choose another folder or pass --overwrite");
    }
    List<InputImage> images = InputImage.list(input);
    SwinConfig arch = Backbone.architectureOf(checkpoint);
    Files.deleteIfExists(output.resolve(SUMMARY));
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int partitions = config.partitions() > 0 ? config.partitions() : jsc.defaultParallelism();
    partitions = Math.max(1, Math.min(partitions, images.size()));
    CollectionAccumulator<String> failures = spark.sparkContext().collectionAccumulator("solider extract failures");
    log.info("extracting {} images of {} in {} partitions with {} at λ {}", images.size(), input, partitions,
        checkpoint.getFileName(), config.semanticWeight());
    long t0 = System.nanoTime();
    JavaRDD<Row> rows = jsc.parallelize(images, partitions).mapPartitions(new PartitionExtractor(config, failures));
    SparkFailures.unwrap(() -> {
      // a file: URI, not a bare path: on a cluster whose default file system is HDFS a bare path
      // would put the Parquet there while extract.json goes to the driver's file system
      spark.createDataFrame(rows, EmbeddingSchema.SCHEMA).write().mode(SaveMode.Overwrite)
          .parquet(output.resolve(EMBEDDINGS).toAbsolutePath().toUri().toString());
      return null;
    });
    double seconds = (System.nanoTime() - t0) / 1e9;
    List<String> failed = new ArrayList<>(failures.value());
    failed.sort(null);
    long written = images.size() - failed.size();
    if (written == 0) {
      throw new IllegalArgumentException(input + ": none of the " + images.size() + " images could be decoded");
    }
    ExtractSummary summary = new ExtractSummary(written, failed, seconds, model(checkpoint, arch));
    JsonFile.write(summary.toJson(), output.resolve(SUMMARY));
    if (!failed.isEmpty()) {
      log.warn("{} of {} images could not be decoded (listed in {})", failed.size(), images.size(),
          output.resolve(SUMMARY));
    }
    log.info("{}; wrote {}", summary.summary(), output.resolve(EMBEDDINGS));
    return summary;
  }

  private Map<String, Object> model(Path checkpoint, SwinConfig arch) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("checkpoint", checkpoint.toAbsolutePath().toString());
    m.put("checkpoint_sha256", FileDigests.sha256(checkpoint));
    m.put("architecture", Backbone.describe(arch));
    m.put("dimension", arch.pooledDim());
    m.put("semantic_weight", config.semanticWeight());
    m.put("image_height", config.height());
    m.put("image_width", config.width());
    m.put("normalization", config.normalization());
    return m;
  }
}
