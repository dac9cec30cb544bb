package io.solider.spark.extract;

import io.solider.nn.extract.FeatureExtractor;
import io.solider.nn.io.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Checks a {@link ExtractJob} output against a single-process {@code solider extract} folder
 * ({@code pooled.npy}, {@code index.csv}) of the same images: no row twice, the same files in the
 * same order (so none missing; images that did not decode are left out by both), the embeddings
 * equal within a tolerance. What a cluster run (with
 * failed executors and retried tasks) must still deliver.
 */
public final class ExtractComparison {

  private ExtractComparison() {}

  /**
   * The outcome.
   *
   * @param rows Parquet rows
   * @param distinctRows distinct values of the {@code row} column
   * @param referenceRows rows of {@code pooled.npy}
   * @param maxAbsDiff the largest |Δ| of an embedding component (NaN when the sets could not be aligned)
   * @param problems what does not match, empty when the outputs agree
   */
  public record Result(long rows, long distinctRows, long referenceRows, double maxAbsDiff, List<String> problems) {

    public Result {
      problems = List.copyOf(problems);
    }

    /** Whether the outputs agree. */
    public boolean agrees() {
      return problems.isEmpty();
    }

    /** One line: counts, max |Δ| and the verdict. */
    public String summary() {
      return String.format("rows %d, distinct rows %d, reference rows %d, max |Δ| %.3g: %s", rows, distinctRows,
          referenceRows, maxAbsDiff, agrees() ? "equal" : "DIFFERENT (" + String.join("; ", problems) + ")");
    }
  }

  /**
   * Compares the Parquet embeddings of {@code sparkOutput} with the {@code solider extract} output
   * folder {@code reference}.
   *
   * @param tolerance the largest |Δ| of a component still counted as equal
   * @throws NoSuchFileException when a folder or the reference's files are missing
   */
  public static Result compare(SparkSession spark, Path sparkOutput, Path reference, double tolerance)
      throws IOException {
    Path pooledFile = reference.resolve("pooled.npy");
    Path indexFile = reference.resolve(FeatureExtractor.INDEX_FILE);
    for (Path p : List.of(pooledFile, indexFile)) {
      if (!Files.isRegularFile(p)) {
        throw new NoSuchFileException(p.toString(), null, "not a solider extract output (file missing)");
      }
    }
    Dataset<Row> df = Embeddings.open(spark, sparkOutput);
    Row counts = df.agg(functions.count(functions.lit(1)), functions.countDistinct(functions.col(EmbeddingSchema.ROW)))
        .first();
    long rows = counts.getLong(0);
    long distinct = counts.getLong(1);
    List<String> problems = new ArrayList<>();
    List<String> names = Files.readAllLines(indexFile).stream().skip(1).map(l -> l.substring(l.indexOf(',') + 1)).toList();
    if (distinct != rows) {
      problems.add((rows - distinct) + " duplicate rows");
    }
    try (INDArray pooled = Npy.read(pooledFile)) {
      long refRows = pooled.rows();
      if (refRows != names.size()) {
        problems.add(indexFile + " names " + names.size() + " images, pooled.npy has " + refRows + " rows");
      }
      if (rows != refRows) {
        problems.add(rows + " embeddings, the reference has " + refRows);
        return new Result(rows, distinct, refRows, Double.NaN, problems);
      }
      Embeddings got = Embeddings.collect(spark, sparkOutput);
      double maxDiff = 0;
      for (int i = 0; i < got.size(); i++) {
        if (!got.files()[i].equals(names.get(i))) {
          problems.add("row " + i + " is " + got.files()[i] + ", the reference's " + names.get(i));
          break;
        }
        float[] want = pooled.getRow(i).toFloatVector();
        if (want.length != got.features()[i].length) {
          problems.add("dimension " + got.features()[i].length + ", the reference's " + want.length);
          break;
        }
        for (int k = 0; k < want.length; k++) {
          maxDiff = Math.max(maxDiff, Math.abs(got.features()[i][k] - want[k]));
        }
      }
      if (maxDiff > tolerance) {
        problems.add("max |Δ| " + maxDiff + " above " + tolerance);
      }
      return new Result(rows, distinct, refRows, maxDiff, problems);
    }
  }
}
