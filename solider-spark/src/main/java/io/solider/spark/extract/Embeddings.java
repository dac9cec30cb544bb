package io.solider.spark.extract;

import io.solider.spark.SparkFailures;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Embeddings written by {@link ExtractJob}, read back in row order, with identity, camera and file.
 *
 * @param features {@code [n][d]}
 * @param pids identities (−1 unknown)
 * @param camids cameras (−1 unknown)
 * @param files file names relative to the extraction's input
 */
public record Embeddings(float[][] features, int[] pids, int[] camids, String[] files) {

  /** Number of embeddings. */
  public int size() {
    return features.length;
  }

  /**
   * The Parquet embeddings of {@code dir}: an extraction's output folder or its {@code embeddings}
   * folder, checked against {@link EmbeddingSchema} first.
   *
   * @throws NoSuchFileException when there is no such folder
   * @throws IllegalArgumentException when it is not extract's Parquet, is empty, or the dimension varies
   */
  public static Dataset<Row> open(SparkSession spark, Path dir) throws NoSuchFileException {
    Path parquet = Files.isDirectory(dir.resolve(ExtractJob.EMBEDDINGS)) ? dir.resolve(ExtractJob.EMBEDDINGS) : dir;
    if (!Files.isDirectory(parquet)) {
      throw new NoSuchFileException(dir.toString(), null, "no Parquet embeddings folder here");
    }
    Dataset<Row> df;
    try {
      df = spark.read().parquet(parquet.toAbsolutePath().toUri().toString()); // file:, as ExtractJob writes
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(parquet + ": not a Parquet folder (" + SparkFailures.firstLine(e.getMessage(), "unreadable") + ")", e);
    }
    EmbeddingSchema.require(df.schema(), parquet.toString());
    return df;
  }

  /** {@link #open} and collect to the driver, in row order. */
  public static Embeddings collect(SparkSession spark, Path dir) throws NoSuchFileException {
    List<Row> rows = open(spark, dir).orderBy(EmbeddingSchema.ROW)
        .select(EmbeddingSchema.EMBEDDING, EmbeddingSchema.PID, EmbeddingSchema.CAMID, EmbeddingSchema.FILE)
        .collectAsList();
    if (rows.isEmpty()) {
      throw new IllegalArgumentException(dir + ": no embeddings");
    }
    int n = rows.size();
    float[][] f = new float[n][];
    int[] pids = new int[n];
    int[] cams = new int[n];
    String[] files = new String[n];
    for (int i = 0; i < n; i++) {
      Row r = rows.get(i);
      f[i] = toFloats(r.getList(0));
      if (f[i].length != f[0].length) {
        throw new IllegalArgumentException(dir + ": embedding of " + r.getString(3) + " has " + f[i].length
            + " dimensions, the first has " + f[0].length);
      }
      pids[i] = r.getInt(1);
      cams[i] = r.getInt(2);
      files[i] = r.getString(3);
    }
    return new Embeddings(f, pids, cams, files);
  }

  /** A Parquet array of float as a Java array. */
  public static float[] toFloats(List<?> values) {
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) values.get(i)).floatValue();
    }
    return out;
  }

}
