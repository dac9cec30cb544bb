package io.solider.spark.eval;

import io.solider.spark.SparkFailures;
import io.solider.spark.eval.DistributedReidEval.QueryRows;
import io.solider.tasks.reid.metric.QueryRanking;
import io.solider.tasks.reid.metric.ReidDistances;
import io.solider.tasks.reid.metric.ReidLabels;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * Per-query rankings with the gallery in blocks of rows, for galleries too big to broadcast. A task
 * holds one group of queries (whole {@link ReidDistances#BLOCK}-row query blocks) and one gallery
 * block of any size, with the gallery's squared norms computed once over the whole gallery on the
 * driver; its distance products are the single-machine ones ({@link ReidDistances#GALLERY_BLOCK}
 * columns, aligned at gallery row 0), so every distance is the number the single-machine evaluation
 * computes. Two passes over all (query group, gallery block) pairs:
 *
 * <ol>
 *   <li>each task returns its block's true matches of every query; they are merged per query into
 *       ranking order (distance, then gallery index — {@link QueryRanking});
 *   <li>each task gets its queries' merged true matches back and counts, for every query, the wrong
 *       matches of its block ranked before each true match; the counts are summed per query and give
 *       the query's AP and first hit ({@link QueryRanking#result}).
 * </ol>
 *
 * <p>The order of true and wrong matches at equal distance is decided by gallery index alone, so
 * where the block boundaries fall (through an identity, a camera, a run of equal distances) cannot
 * change a rank. The cost: the distances are computed twice, and every gallery block travels once
 * per query group and pass (in the task message, so a block and a query group each stay well below
 * {@code spark.rpc.message.maxSize}).
 */
final class BlockedRanking {

  private static final Logger log = LoggerFactory.getLogger(BlockedRanking.class);

  private final JavaSparkContext jsc;
  private final int blockRows;

  BlockedRanking(JavaSparkContext jsc, int blockRows) {
    if (blockRows < 1) {
      throw new IllegalArgumentException("gallery block rows must be >= 1, got " + blockRows);
    }
    this.jsc = jsc;
    this.blockRows = blockRows;
  }

  /**
   * Gallery rows {@code offset …} with their squared norms over the whole gallery and labels.
   *
   * @param rows {@code count × dim} normalised floats, row-major
   */
  record GalleryBlock(int offset, float[] rows, int count, float[] squaredNorms, int[] pids, int[] camids)
      implements Serializable {}

  /** One task of the first pass. */
  private record FirstTask(int group, QueryRows queries, GalleryBlock block, int dim) implements Serializable {}

  /** One task of the second pass: the first pass's merged true matches of each query of the group. */
  private record SecondTask(int group, QueryRows queries, QueryRanking.Matches[] matches, GalleryBlock block, int dim)
      implements Serializable {}

  /** Each query's result (null: no true match), in query order. */
  QueryRanking.Result[] rank(INDArray qn, ReidLabels queryLabels, INDArray gn, ReidLabels galleryLabels)
      throws IOException {
    int nq = (int) qn.rows();
    int ng = (int) gn.rows();
    int dim = (int) qn.columns();
    List<QueryRows> groups = queryGroups(qn.dup('c').data().asFloat(), dim, queryLabels, nq);
    List<GalleryBlock> blocks = galleryBlocks(gn, galleryLabels, ng, dim);
    log.info("gallery of {} rows × {} in {} blocks of {} rows; {} query rows in {} groups; 2 passes of {} tasks", ng,
        dim, blocks.size(), blockRows, nq, groups.size(), (long) groups.size() * blocks.size());

    List<FirstTask> first = new ArrayList<>();
    for (int i = 0; i < groups.size(); i++) {
      for (GalleryBlock b : blocks) {
        first.add(new FirstTask(i, groups.get(i), b, dim));
      }
    }
    Map<Integer, QueryRanking.Matches[]> matches = SparkFailures.unwrap(() -> jsc.parallelize(first, first.size())
        .mapToPair(t -> new Tuple2<>(t.group(), trueMatches(t)))
        .reduceByKey(BlockedRanking::merge, groups.size())
        .collectAsMap());

    List<SecondTask> second = new ArrayList<>();
    for (int i = 0; i < groups.size(); i++) {
      for (GalleryBlock b : blocks) {
        second.add(new SecondTask(i, groups.get(i), matches.get(i), b, dim));
      }
    }
    Map<Integer, int[][]> counts = SparkFailures.unwrap(() -> jsc.parallelize(second, second.size())
        .mapToPair(t -> new Tuple2<>(t.group(), countPreceding(t)))
        .reduceByKey(BlockedRanking::add, groups.size())
        .collectAsMap());

    QueryRanking.Result[] results = new QueryRanking.Result[nq];
    for (int i = 0; i < groups.size(); i++) {
      QueryRows g = groups.get(i);
      QueryRanking.Matches[] m = matches.get(i);
      int[][] c = counts.get(i);
      for (int k = 0; k < g.count(); k++) {
        results[g.start() + k] = m[k].size() == 0 ? null : QueryRanking.result(c[k], m[k].size());
      }
    }
    return results;
  }

  /**
   * Consecutive whole query blocks per group: about one group per core, and no group larger than
   * {@link GalleryBlocking#AUTO_BLOCK_BYTES}.
   */
  private List<QueryRows> queryGroups(float[] q, int dim, ReidLabels labels, int nq) {
    int queryBlocks = (nq + ReidDistances.BLOCK - 1) / ReidDistances.BLOCK;
    long blockBytes = 4L * ReidDistances.BLOCK * dim;
    int byCores = (queryBlocks + jsc.defaultParallelism() - 1) / jsc.defaultParallelism();
    int perGroup = (int) Math.max(1, Math.min(byCores, GalleryBlocking.AUTO_BLOCK_BYTES / blockBytes));
    int rows = perGroup * ReidDistances.BLOCK;
    List<QueryRows> groups = new ArrayList<>();
    for (int start = 0; start < nq; start += rows) {
      groups.add(QueryRows.of(q, dim, labels, start, Math.min(nq, start + rows)));
    }
    return groups;
  }

  private List<GalleryBlock> galleryBlocks(INDArray gn, ReidLabels labels, int ng, int dim) {
    float[] g = gn.dup('c').data().asFloat();
    INDArray norms = ReidDistances.squaredNorms(gn); // over the whole gallery, as reid-eval computes them
    float[] sq = norms.dup('c').data().asFloat();
    norms.close();
    List<GalleryBlock> blocks = new ArrayList<>();
    for (int start = 0; start < ng; start += blockRows) {
      int end = Math.min(ng, start + blockRows);
      blocks.add(new GalleryBlock(start, Arrays.copyOfRange(g, start * dim, end * dim), end - start,
          Arrays.copyOfRange(sq, start, end), Arrays.copyOfRange(labels.pids(), start, end),
          Arrays.copyOfRange(labels.camids(), start, end)));
    }
    return blocks;
  }

  private static QueryRanking.Matches[] trueMatches(FirstTask t) {
    QueryRows q = t.queries();
    GalleryBlock b = t.block();
    QueryRanking.Matches[] out = new QueryRanking.Matches[q.count()];
    distances(q, b, t.dim(), (i, row) -> out[i] = QueryRanking.trueMatches(row, b.offset(), q.pids()[i],
        q.camids()[i], b.pids(), b.camids()));
    return out;
  }

  private static int[][] countPreceding(SecondTask t) {
    QueryRows q = t.queries();
    GalleryBlock b = t.block();
    int[][] out = new int[q.count()][];
    distances(q, b, t.dim(), (i, row) -> {
      QueryRanking.Matches m = t.matches()[i];
      if (m.size() > 0) {
        out[i] = new int[m.size() + 1];
        QueryRanking.countPreceding(row, b.offset(), q.pids()[i], b.pids(), m, out[i]);
      }
    });
    return out;
  }

  /** Receives one query's distances to a gallery block. */
  @FunctionalInterface
  private interface DistanceRow {
    void accept(int query, double[] distances);
  }

  /**
   * The query group's distances to the block, row by row: float32 values, the numbers of the
   * whole-gallery computation ({@link ReidDistances#forEachBlock(INDArray, INDArray, long, INDArray,
   * ReidDistances.RowConsumer)} with the block's offset and whole-gallery norms).
   */
  private static void distances(QueryRows q, GalleryBlock b, int dim, DistanceRow out) {
    INDArray qa = q.matrix(dim);
    INDArray ga = Nd4j.create(b.rows(), new long[] {b.count(), dim}, 'c').castTo(DataType.FLOAT);
    INDArray sq = Nd4j.create(b.squaredNorms(), new long[] {1, b.count()}, 'c').castTo(DataType.FLOAT);
    try {
      ReidDistances.forEachBlock(qa, ga, b.offset(), sq, (i, row) -> {
        double[] d = new double[row.length];
        for (int j = 0; j < d.length; j++) {
          d[j] = row[j];
        }
        out.accept(i, d);
      });
    } finally {
      qa.close();
      ga.close();
      sq.close();
    }
  }

  private static QueryRanking.Matches[] merge(QueryRanking.Matches[] a, QueryRanking.Matches[] b) {
    QueryRanking.Matches[] out = new QueryRanking.Matches[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = QueryRanking.Matches.merge(List.of(a[i], b[i]));
    }
    return out;
  }

  private static int[][] add(int[][] a, int[][] b) {
    int[][] out = new int[a.length][];
    for (int i = 0; i < a.length; i++) {
      if (a[i] != null) {
        out[i] = a[i].clone();
        for (int k = 0; k < out[i].length; k++) {
          out[i][k] += b[i][k];
        }
      }
    }
    return out;
  }
}
