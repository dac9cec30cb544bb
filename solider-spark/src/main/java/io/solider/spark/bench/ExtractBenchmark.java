package io.solider.spark.bench;

import io.solider.nn.backbone.Backbone;
import io.solider.nn.extract.ExtractionConfig;
import io.solider.nn.extract.FeatureExtractor;
import io.solider.nn.extract.SemanticWeightSpec;
import io.solider.nn.image.ImageNormalization;
import io.solider.nn.image.Images;
import io.solider.spark.extract.ExtractJob;
import io.solider.spark.extract.ExtractJobConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Images/s of feature extraction on Spark against single-process {@code solider extract} on the same
 * images: first one process ({@link FeatureExtractor}, as {@code solider extract --pooled-only}
 * runs), then {@link ExtractJob} under each Spark master (e.g. {@code local[1]}, {@code local[2]}),
 * a new session for each. Every measurement is preceded by a warm-up on the first images (JIT,
 * ND4J start-up, the executors' backbone loaded) and times the whole call, Parquet writing
 * included.
 */
public final class ExtractBenchmark {

  private static final Logger log = LoggerFactory.getLogger(ExtractBenchmark.class);

  /**
   * What to time.
   *
   * @param images a folder of images
   * @param job the extraction settings (checkpoint, λ, size, normalisation, batch; partitions 0 =
   *     one per core)
   * @param masters the Spark masters to time, in order
   * @param warmupImages images of the warm-up before each measurement
   * @param work a folder for the outputs (replaced)
   */
  public record Config(Path images, ExtractJobConfig job, List<String> masters, int warmupImages, Path work) {

    public Config {
      masters = List.copyOf(masters);
      if (warmupImages < 1) {
        throw new IllegalArgumentException("warm-up images must be positive, got " + warmupImages);
      }
    }
  }

  /**
   * One measurement.
   *
   * @param mode {@code single process} or the Spark master
   * @param images images extracted
   * @param seconds wall time of the call
   */
  public record Measurement(String mode, long images, double seconds) {

    /** Images per second. */
    public double imagesPerSecond() {
      return images / seconds;
    }
  }

  private final Config config;

  public ExtractBenchmark(Config config) {
    this.config = config;
  }

  /** Runs the single-process measurement, then one per master. */
  public List<Measurement> run() throws IOException {
    List<Path> files = Images.listImages(config.images());
    if (files.isEmpty()) {
      throw new IllegalArgumentException(config.images() + ": no images found (looked for " + Images.EXTENSIONS + ")");
    }
    Files.createDirectories(config.work());
    List<Path> warm = files.subList(0, Math.min(files.size(), config.warmupImages()));
    Path warmList = config.work().resolve("warm-up.txt");
    Files.write(warmList, warm.stream().map(p -> p.toAbsolutePath().toString()).toList());

    List<Measurement> out = new ArrayList<>();
    out.add(singleProcess(files, warm));
    log.info("{}", line(out.get(0), out.get(0)));
    for (String master : config.masters()) {
      SparkSession spark = SparkSession.builder().master(master).appName("solider spark bench " + master)
          .config("spark.ui.enabled", "false").getOrCreate();
      try {
        Path dir = config.work().resolve("spark-" + master.replaceAll("[^A-Za-z0-9]+", "_"));
        ExtractJob job = new ExtractJob(spark, config.job());
        job.run(warmList, dir, true);
        long t0 = System.nanoTime();
        long n = job.run(config.images(), dir, true).images();
        out.add(new Measurement(master, n, (System.nanoTime() - t0) / 1e9));
      } finally {
        spark.stop();
      }
      log.info("{}", line(out.get(out.size() - 1), out.get(0)));
    }
    return out;
  }

  private Measurement singleProcess(List<Path> files, List<Path> warm) throws IOException {
    ExtractJobConfig j = config.job();
    ExtractionConfig cfg = ExtractionConfig.defaults().withBatchSize(j.batchSize()).withSize(j.height(), j.width())
        .withStages(false).withNormalization(ImageNormalization.named(j.normalization()));
    FeatureExtractor extractor = new FeatureExtractor(Backbone.fromCheckpoint(Path.of(j.checkpoint())), cfg, j.engine());
    SemanticWeightSpec weight = SemanticWeightSpec.of(j.semanticWeight());
    extractor.extractFiles(config.images(), warm, weight, config.work().resolve("single-warm-up"));
    long t0 = System.nanoTime();
    long n = extractor.extractFiles(config.images(), files, weight, config.work().resolve("single")).images();
    return new Measurement("single process", n, (System.nanoTime() - t0) / 1e9);
  }

  /** One result line: mode, images, seconds, images/s and the ratio to {@code reference}. */
  public static String line(Measurement m, Measurement reference) {
    return String.format("%-16s %6d images %8.2f s %8.2f images/s  %.2f× single process", m.mode(), m.images(),
        m.seconds(), m.imagesPerSecond(), m.imagesPerSecond() / reference.imagesPerSecond());
  }

  /** The measurements as the JSON the bench command writes. */
  public static Map<String, Object> toJson(Config config, List<Measurement> results) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("images", config.images().toString());
    m.put("checkpoint", config.job().checkpoint());
    m.put("image_height", config.job().height());
    m.put("image_width", config.job().width());
    m.put("batch_size", config.job().batchSize());
    m.put("omp_num_threads", System.getenv().getOrDefault("OMP_NUM_THREADS", ""));
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Measurement r : results) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("mode", r.mode());
      row.put("images", r.images());
      row.put("seconds", r.seconds());
      row.put("images_per_second", r.imagesPerSecond());
      row.put("ratio_to_single_process", r.imagesPerSecond() / results.get(0).imagesPerSecond());
      rows.add(row);
    }
    m.put("results", rows);
    return m;
  }
}
