package io.solider.spark.eval;

import io.solider.spark.SparkFailures;
import io.solider.tasks.reid.metric.QueryRanking;
import io.solider.tasks.reid.metric.ReidDistances;
import io.solider.tasks.reid.metric.ReidEvaluation;
import io.solider.tasks.reid.metric.ReidEvaluator;
import io.solider.tasks.reid.metric.ReidLabels;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The re-id evaluation of {@code solider reid-eval} (no re-ranking) distributed by query blocks:
 * the driver normalises both feature sets exactly as the single-machine command does, broadcasts
 * the gallery, and each task computes one block of {@link ReidDistances#BLOCK} query rows —
 * the very blocks the single-machine product uses, so every distance, and so every AP and CMC
 * entry, is the same number. Per-query results come back in query order and are combined on the
 * driver ({@link ReidEvaluator#combine}).
 *
 * <p>The gallery is broadcast whole: this suits galleries up to a few million rows of a few hundred
 * dimensions (4 bytes each, in every executor's memory).
 */
public final class DistributedReidEval {

  private final SparkSession spark;

  public DistributedReidEval(SparkSession spark) {
    this.spark = spark;
  }

  /** A block of normalised query rows and their labels (what one task evaluates). */
  private record QueryBlock(float[] rows, int count, int[] pids, int[] camids) implements Serializable {}

  /** The broadcast gallery: normalised rows, flattened, and labels. */
  private record Gallery(float[] rows, int count, int dim, int[] pids, int[] camids) implements Serializable {}

  /**
   * Evaluates query against gallery features ({@code (N, D)} arrays, any float type) with CMC to
   * {@code maxRank}, capped at the gallery size as {@code reid-eval} does.
   *
   * @throws IllegalArgumentException when dimensions or label counts disagree, or no query has a true match
   */
  public ReidEvaluation evaluate(INDArray query, ReidLabels queryLabels, INDArray gallery, ReidLabels galleryLabels,
      int maxRank) throws IOException {
    if (query.columns() != gallery.columns()) {
      throw new IllegalArgumentException("query features have " + query.columns()
          + " dimensions but gallery features have " + gallery.columns());
    }
    if (queryLabels.size() != query.rows() || galleryLabels.size() != gallery.rows()) {
      throw new IllegalArgumentException("labels and features disagree: " + queryLabels.size() + " query labels for "
          + query.rows() + " rows, " + galleryLabels.size() + " gallery labels for " + gallery.rows() + " rows");
    }
    if (maxRank < 1) {
      throw new IllegalArgumentException("max rank must be >= 1, got " + maxRank);
    }
    INDArray qn = ReidDistances.normalise(query);
    INDArray gn = ReidDistances.normalise(gallery);
    int nq = (int) qn.rows();
    int dim = (int) qn.columns();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<Gallery> g = jsc.broadcast(new Gallery(gn.dup('c').data().asFloat(), (int) gn.rows(), dim,
        galleryLabels.pids(), galleryLabels.camids()));
    float[] q = qn.dup('c').data().asFloat();
    List<QueryBlock> blocks = new ArrayList<>();
    for (int start = 0; start < nq; start += ReidDistances.BLOCK) {
      int end = Math.min(nq, start + ReidDistances.BLOCK);
      blocks.add(new QueryBlock(java.util.Arrays.copyOfRange(q, start * dim, end * dim), end - start,
          java.util.Arrays.copyOfRange(queryLabels.pids(), start, end),
          java.util.Arrays.copyOfRange(queryLabels.camids(), start, end)));
    }
    List<QueryRanking.Result[]> parts;
    try {
      parts = SparkFailures.unwrap(() -> jsc.parallelize(blocks, blocks.size())
          .map(b -> rankBlock(b, g.value())).collect());
    } finally {
      g.destroy();
    }
    QueryRanking.Result[] results = new QueryRanking.Result[nq];
    int at = 0;
    for (QueryRanking.Result[] part : parts) {
      System.arraycopy(part, 0, results, at, part.length);
      at += part.length;
    }
    return new ReidEvaluator(Math.min(maxRank, galleryLabels.size())).combine(results);
  }

  private static QueryRanking.Result[] rankBlock(QueryBlock b, Gallery g) {
    int dim = g.dim();
    INDArray qa = Nd4j.create(b.rows(), new long[] {b.count(), dim}, 'c').castTo(DataType.FLOAT);
    INDArray ga = Nd4j.create(g.rows(), new long[] {g.count(), dim}, 'c').castTo(DataType.FLOAT);
    double[][] dist = ReidDistances.squaredEuclidean(qa, ga);
    QueryRanking.Result[] out = new QueryRanking.Result[b.count()];
    for (int i = 0; i < out.length; i++) {
      out[i] = QueryRanking.rank(dist[i], b.pids()[i], b.camids()[i], g.pids(), g.camids());
    }
    qa.close();
    ga.close();
    return out;
  }
}
