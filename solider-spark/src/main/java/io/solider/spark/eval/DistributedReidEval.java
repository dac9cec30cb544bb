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
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The re-id evaluation of {@code solider reid-eval} (no re-ranking) distributed over queries: the
 * driver normalises both feature sets exactly as the single-machine command does and splits the
 * queries at multiples of {@link ReidDistances#BLOCK} rows — the very blocks the single-machine
 * product uses, so every distance, and so every AP and CMC entry, is the same number. Per-query
 * results come back in query order and are combined on the driver ({@link ReidEvaluator#combine}).
 *
 * <p>The gallery is either broadcast whole (every executor holds it; one task per query block) or,
 * when it is too big for that ({@link GalleryBlocking}), sent in blocks of rows with the tasks and
 * ranked in two passes ({@link BlockedRanking}), with the same result.
 */
public final class DistributedReidEval {

  private static final Logger log = LoggerFactory.getLogger(DistributedReidEval.class);

  private final SparkSession spark;

  public DistributedReidEval(SparkSession spark) {
    this.spark = spark;
  }

  /**
   * Rows of normalised query features, starting at query {@code start}, and their labels.
   *
   * @param rows {@code count × dim} floats, row-major
   */
  record QueryRows(int start, float[] rows, int count, int[] pids, int[] camids) implements Serializable {

    /** The rows as a (count, dim) float matrix (the caller closes it). */
    INDArray matrix(int dim) {
      return Nd4j.create(rows, new long[] {count, dim}, 'c').castTo(DataType.FLOAT);
    }

    /** Query rows {@code from … to − 1} of normalised features {@code q} (row-major, {@code dim} wide). */
    static QueryRows of(float[] q, int dim, ReidLabels labels, int from, int to) {
      return new QueryRows(from, Arrays.copyOfRange(q, from * dim, to * dim), to - from,
          Arrays.copyOfRange(labels.pids(), from, to), Arrays.copyOfRange(labels.camids(), from, to));
    }
  }

  /** The broadcast gallery: normalised rows, flattened, and labels. */
  private record Gallery(float[] rows, int count, int dim, int[] pids, int[] camids) implements Serializable {}

  /** {@link #evaluate(INDArray, ReidLabels, INDArray, ReidLabels, int, GalleryBlocking)}, automatic blocking. */
  public ReidEvaluation evaluate(INDArray query, ReidLabels queryLabels, INDArray gallery, ReidLabels galleryLabels,
      int maxRank) throws IOException {
    return evaluate(query, queryLabels, gallery, galleryLabels, maxRank, GalleryBlocking.automatic());
  }

  /**
   * Evaluates query against gallery features ({@code (N, D)} arrays, any float type) with CMC to
   * {@code maxRank}, capped at the gallery size as {@code reid-eval} does.
   *
   * @param blocking broadcast the gallery or send it in blocks; the result is the same
   * @throws IllegalArgumentException when dimensions or label counts disagree, or no query has a true match
   */
  public ReidEvaluation evaluate(INDArray query, ReidLabels queryLabels, INDArray gallery, ReidLabels galleryLabels,
      int maxRank, GalleryBlocking blocking) throws IOException {
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
    int dim = (int) qn.columns();
    int blockRows = blocking.rowsPerBlock(gn.rows(), dim);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    QueryRanking.Result[] results;
    if (blockRows == 0) {
      log.info("gallery of {} rows × {} broadcast; {} query rows in blocks of {}", gn.rows(), dim, qn.rows(),
          ReidDistances.BLOCK);
      results = broadcast(jsc, qn, queryLabels, gn, galleryLabels);
    } else {
      results = new BlockedRanking(jsc, blockRows).rank(qn, queryLabels, gn, galleryLabels);
    }
    return new ReidEvaluator(Math.min(maxRank, galleryLabels.size())).combine(results);
  }

  private static QueryRanking.Result[] broadcast(JavaSparkContext jsc, INDArray qn, ReidLabels queryLabels,
      INDArray gn, ReidLabels galleryLabels) throws IOException {
    int nq = (int) qn.rows();
    int dim = (int) qn.columns();
    Broadcast<Gallery> g = jsc.broadcast(new Gallery(gn.dup('c').data().asFloat(), (int) gn.rows(), dim,
        galleryLabels.pids(), galleryLabels.camids()));
    float[] q = qn.dup('c').data().asFloat();
    List<QueryRows> blocks = new ArrayList<>();
    for (int start = 0; start < nq; start += ReidDistances.BLOCK) {
      blocks.add(QueryRows.of(q, dim, queryLabels, start, Math.min(nq, start + ReidDistances.BLOCK)));
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
    return results;
  }

  private static QueryRanking.Result[] rankBlock(QueryRows b, Gallery g) {
    int dim = g.dim();
    INDArray qa = b.matrix(dim);
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
