package io.solider.spark.extract;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

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
import java.util.TreeSet;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.CollectionAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Extracts the backbone's pooled features of many images as a Spark job: the driver lists the
 * input (a folder or list file, or Spark's {@code binaryFile} source: {@link ExtractInput}),
 * executors read, decode, resize, normalise and run the backbone (loaded once per executor,
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

  /** {@link #run(ExtractInput, Path, boolean)} of a folder or list file ({@link ExtractInput.Files}). */
  public ExtractSummary run(Path input, Path output, boolean overwrite) throws IOException {
    return run(new ExtractInput.Files(input), output, overwrite);
  }

  /**
   * Extracts the images of {@code input} to {@code output}.
   *
   * @param overwrite replace a complete earlier output (one with {@code extract.json}); the
   *     leftovers of a failed run are always replaced
   * @throws IllegalArgumentException for an input without images, an existing complete output,
   *     or when no image decodes
   * @throws NoSuchFileException when the input or the checkpoint does not exist, or a glob matches nothing
   */
  public ExtractSummary run(ExtractInput input, Path output, boolean overwrite) throws IOException {
    Path checkpoint = Path.of(config.checkpoint());
    if (!Files.isRegularFile(checkpoint)) {
      throw new NoSuchFileException(config.checkpoint(), null, "checkpoint does not exist");
    }
    if (!overwrite && Files.exists(output.resolve(SUMMARY))) {
      throw new IllegalArgumentException(output + " already holds a complete extraction (" + SUMMARY
          + "); choose another folder or pass --overwrite");
    }
    CollectionAccumulator<String> failures = spark.sparkContext().collectionAccumulator("solider extract failures");
    Planned plan = input instanceof ExtractInput.BinaryFiles b ? binaryFiles(b, failures)
        : files(((ExtractInput.Files) input).path(), failures);
    SwinConfig arch = Backbone.architectureOf(checkpoint);
    Files.deleteIfExists(output.resolve(SUMMARY));
    long t0 = System.nanoTime();
    SparkFailures.unwrap(() -> {
      // a file: URI, not a bare path: on a cluster whose default file system is HDFS a bare path
      // would put the Parquet there while extract.json goes to the driver's file system
      plan.rows().write().mode(SaveMode.Overwrite).parquet(output.resolve(EMBEDDINGS).toAbsolutePath().toUri().toString());
      return null;
    });
    double seconds = (System.nanoTime() - t0) / 1e9;
    // a retried task adds its failures again: each file once
    TreeSet<String> failedSet = new TreeSet<>(plan.failures());
    failedSet.addAll(failures.value());
    List<String> failed = new ArrayList<>(failedSet);
    long written = plan.images() - failed.size();
    if (written == 0) {
      throw new IllegalArgumentException(plan.input() + ": none of the " + plan.images() + " images could be decoded");
    }
    ExtractSummary summary = new ExtractSummary(written, failed, seconds, model(checkpoint, arch));
    JsonFile.write(summary.toJson(), output.resolve(SUMMARY));
    if (!failed.isEmpty()) {
      log.warn("{} of {} images could not be read or decoded (listed in {})", failed.size(), plan.images(),
          output.resolve(SUMMARY));
    }
    log.info("{}; wrote {}", summary.summary(), output.resolve(EMBEDDINGS));
    return summary;
  }

  /**
   * What is to be written.
   *
   * @param rows the embeddings, as {@link EmbeddingSchema} (lazy: computed while written)
   * @param images images listed
   * @param failures failures known before the job runs ("file: reason")
   * @param input the input, for messages
   */
  private record Planned(Dataset<Row> rows, long images, List<String> failures, String input) {}

  /** A folder or list file, listed by the driver and split into contiguous partitions. */
  private Planned files(Path input, CollectionAccumulator<String> failures) throws IOException {
    List<InputImage> images = InputImage.list(input);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int partitions = config.partitions() > 0 ? config.partitions() : jsc.defaultParallelism();
    partitions = Math.max(1, Math.min(partitions, images.size()));
    log.info("extracting {} images of {} in {} partitions with {} at λ {}", images.size(), input, partitions,
        Path.of(config.checkpoint()).getFileName(), config.semanticWeight());
    JavaRDD<Row> rows = jsc.parallelize(images, partitions).mapPartitions(new FileExtractor(config, failures));
    return new Planned(spark.createDataFrame(rows, EmbeddingSchema.SCHEMA), images.size(), List.of(), input.toString());
  }

  /**
   * Spark's binaryFile source: the executors extract the rows of the source's partitions (the bytes
   * stay where they were read), and the embeddings are joined by path with the driver's listing,
   * which numbers the files in path order and names them.
   */
  private Planned binaryFiles(ExtractInput.BinaryFiles input, CollectionAccumulator<String> failures)
      throws IOException {
    BinaryFileSource.Listing listing = BinaryFileSource.list(spark, input);
    // the length filter reaches the source (a pushed filter): larger files are not read at all
    Dataset<Row> content = listing.files().filter(col(BinaryFileSource.LENGTH).leq(input.maxBytes()))
        .select(BinaryFileSource.PATH, BinaryFileSource.CONTENT);
    if (config.partitions() > 0) {
      content = content.repartition(config.partitions());
    }
    log.info("extracting {} images of {} (binaryFile, {} partitions) with {} at λ {}", listing.images().size(),
        input.source(), content.rdd().getNumPartitions(), Path.of(config.checkpoint()).getFileName(),
        config.semanticWeight());
    JavaRDD<Row> extracted = content.javaRDD()
        .mapPartitions(new BinaryFileExtractor(config, failures, listing.root(), input.maxBytes()));
    Dataset<Row> embeddings = spark.createDataFrame(extracted, BinaryFileExtractor.SCHEMA);
    List<Row> names = new ArrayList<>(listing.images().size());
    for (InputImage img : listing.images()) {
      names.add(RowFactory.create(img.path(), img.row(), img.file(), img.pid(), img.camid()));
    }
    Dataset<Row> rows = spark.createDataFrame(names, LISTING).join(embeddings, BinaryFileSource.PATH)
        .select(col(EmbeddingSchema.ROW), col(EmbeddingSchema.FILE), col(EmbeddingSchema.PID),
            col(EmbeddingSchema.CAMID), lit(config.semanticWeight()).as(EmbeddingSchema.LAMBDA),
            col(EmbeddingSchema.EMBEDDING));
    return new Planned(rows, listing.images().size(), listing.oversized(), input.source());
  }

  /** The driver's listing of a binaryFile input, joined with the embeddings by path. */
  private static final StructType LISTING = new StructType(new StructField[] {
    DataTypes.createStructField(BinaryFileSource.PATH, DataTypes.StringType, false),
    DataTypes.createStructField(EmbeddingSchema.ROW, DataTypes.LongType, false),
    DataTypes.createStructField(EmbeddingSchema.FILE, DataTypes.StringType, false),
    DataTypes.createStructField(EmbeddingSchema.PID, DataTypes.IntegerType, false),
    DataTypes.createStructField(EmbeddingSchema.CAMID, DataTypes.IntegerType, false),
  });

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
