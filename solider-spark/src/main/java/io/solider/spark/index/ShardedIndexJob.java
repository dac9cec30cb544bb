package io.solider.spark.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.solider.nn.io.AtomicFiles;
import io.solider.spark.SparkFailures;
import io.solider.spark.extract.EmbeddingSchema;
import io.solider.spark.extract.Embeddings;
import io.solider.spark.extract.ExtractJob;
import io.solider.tasks.reid.index.EmbeddingModel;
import io.solider.tasks.reid.index.GalleryItem;
import io.solider.tasks.reid.index.HnswSettings;
import io.solider.tasks.reid.index.IndexMetadata;
import io.solider.tasks.reid.index.ReidIndexWriter;
import io.solider.tasks.reid.index.ShardedIndex;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a sharded HNSW index ({@link ShardedIndex}) from extracted embeddings: the embeddings are
 * range-partitioned by row into shards, each task writes one shard with {@link ReidIndexWriter}
 * into a folder of its own attempt, and the driver renames the successful attempts to
 * {@code shard-NNNNN}, removes the leftovers of failed ones and writes the manifest last. The
 * index folder must be on a file system every executor and the driver share (one machine, NFS…).
 * Shard k holds a contiguous run of gallery rows, so rows stay those of a single index built from
 * the same embeddings in row order.
 */
public final class ShardedIndexJob {

  private static final Logger log = LoggerFactory.getLogger(ShardedIndexJob.class);

  private final SparkSession spark;

  public ShardedIndexJob(SparkSession spark) {
    this.spark = spark;
  }

  /** What one shard task wrote. */
  private record Written(int shard, String folder, long entries) implements Serializable {}

  /**
   * Indexes the embeddings of the extraction in {@code extraction} into {@code shards} shards
   * (empty ones are left out) under {@code index}.
   *
   * @throws IllegalArgumentException for a bad shard count, a non-empty index folder, or an
   *     extraction without its summary or of another tool
   */
  public ShardedIndex run(Path extraction, Path index, int shards, HnswSettings hnsw) throws IOException {
    if (shards < 1) {
      throw new IllegalArgumentException("shards must be >= 1, got " + shards);
    }
    EmbeddingModel model = model(extraction);
    if (Files.exists(index)) {
      try (Stream<Path> s = Files.list(index)) {
        if (s.findAny().isPresent()) {
          throw new IllegalArgumentException(index + ": index folder exists and is not empty");
        }
      }
    }
    Files.createDirectories(index);
    Dataset<Row> df = Embeddings.open(spark, extraction)
        .select(EmbeddingSchema.ROW, EmbeddingSchema.EMBEDDING, EmbeddingSchema.PID, EmbeddingSchema.CAMID,
            EmbeddingSchema.FILE)
        .repartitionByRange(shards, org.apache.spark.sql.functions.col(EmbeddingSchema.ROW))
        .sortWithinPartitions(EmbeddingSchema.ROW);
    String root = index.toAbsolutePath().toString();
    long t0 = System.nanoTime();
    List<Written> written = SparkFailures.unwrap(() -> df.javaRDD()
        .mapPartitionsWithIndex((i, rows) -> writeShard(root, i, rows, model, hnsw), true).collect());
    List<ShardedIndex.Shard> list = new ArrayList<>();
    long next = 0;
    for (Written w : written.stream().sorted(Comparator.comparingInt(Written::shard)).toList()) {
      String name = String.format("shard-%05d", w.shard());
      Files.move(index.resolve(w.folder()), index.resolve(name));
      list.add(new ShardedIndex.Shard(name, w.entries(), next));
      next += w.entries();
    }
    removeLeftovers(index);
    ShardedIndex manifest = new ShardedIndex(new IndexMetadata(model, hnsw, next, Instant.now().toString()), list);
    Path file = index.resolve(ShardedIndex.MANIFEST);
    Path tmp = AtomicFiles.tempSibling(file);
    Files.writeString(tmp, manifest.toJson(), StandardCharsets.UTF_8);
    AtomicFiles.moveIntoPlace(tmp, file);
    log.info("indexed {} embeddings in {} shards under {} in {} s", next, list.size(), index,
        String.format("%.1f", (System.nanoTime() - t0) / 1e9));
    return manifest;
  }

  private static Iterator<Written> writeShard(String root, int shard, Iterator<Row> rows, EmbeddingModel model,
      HnswSettings hnsw) throws IOException {
    if (!rows.hasNext()) {
      return List.<Written>of().iterator();
    }
    TaskContext task = TaskContext.get();
    String folder = String.format("shard-%05d.attempt-%d", shard, task == null ? 0 : task.taskAttemptId());
    try (ReidIndexWriter w = ReidIndexWriter.create(Path.of(root, folder), model, hnsw)) {
      while (rows.hasNext()) {
        Row r = rows.next();
        w.add(new GalleryItem(Embeddings.toFloats(r.getList(1)), r.getInt(2), r.getInt(3), r.getString(4)));
      }
      return List.of(new Written(shard, folder, w.commit().entries())).iterator();
    }
  }

  private static void removeLeftovers(Path index) throws IOException {
    try (Stream<Path> s = Files.list(index)) {
      for (Path p : s.filter(p -> p.getFileName().toString().contains(".attempt-")).toList()) {
        try (Stream<Path> walk = Files.walk(p)) {
          for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(f);
          }
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** The model recorded in an extraction's summary. */
  static EmbeddingModel model(Path extraction) throws IOException {
    Path summary = extraction.resolve(ExtractJob.SUMMARY);
    if (!Files.isRegularFile(summary)) {
      throw new NoSuchFileException(summary.toString(), null,
          "no " + ExtractJob.SUMMARY + ": give the output folder of a complete solider spark extract");
    }
    JsonNode m = new ObjectMapper().readTree(summary.toFile()).path("model");
    if (!m.isObject()) {
      throw new IllegalArgumentException(summary + ": no 'model' object");
    }
    return new EmbeddingModel(m.path("checkpoint").asText(), m.path("checkpoint_sha256").asText(),
        m.path("architecture").asText(), m.path("dimension").asInt(), m.path("semantic_weight").asDouble(-1),
        m.path("image_height").asInt(), m.path("image_width").asInt(), m.path("normalization").asText());
  }
}
