package io.solider.spark.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.solider.spark.LocalSpark;
import io.solider.tasks.reid.metric.QueryRanking;
import io.solider.tasks.reid.metric.ReidDistances;
import io.solider.tasks.reid.metric.ReidEvaluation;
import io.solider.tasks.reid.metric.ReidEvaluator;
import io.solider.tasks.reid.metric.ReidLabels;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DistributedReidEvalTest {

  /** Labels with few identities and cameras, so there are true matches, removed items and ties. */
  static ReidLabels labels(Random r, int n) {
    int[] pids = new int[n];
    int[] cams = new int[n];
    for (int i = 0; i < n; i++) {
      pids[i] = r.nextInt(40);
      cams[i] = r.nextInt(4);
    }
    return new ReidLabels(pids, cams);
  }

  @Test
  void equalsTheSingleMachineEvaluationExactly() throws Exception {
    // 1100 queries: three query blocks (512, 512, 76), so the split into tasks is exercised.
    Nd4j.getRandom().setSeed(7);
    INDArray q = Nd4j.randn(DataType.FLOAT, 1100, 24);
    INDArray g = Nd4j.randn(DataType.FLOAT, 700, 24);
    // duplicated gallery rows: equal distances, ranked by gallery index
    g.getRow(5).assign(g.getRow(3));
    Random r = new Random(3);
    ReidLabels ql = labels(r, 1100);
    ReidLabels gl = labels(r, 700);

    // what solider reid-eval computes
    double[][] dist = ReidDistances.squaredEuclidean(ReidDistances.normalise(q), ReidDistances.normalise(g));
    ReidEvaluation single = new ReidEvaluator(50).evaluateDistances(dist, ql.pids(), ql.camids(), gl.pids(), gl.camids());

    ReidEvaluation spark = new DistributedReidEval(LocalSpark.get()).evaluate(q, ql, g, gl, 50);
    // the metrics JSON text, every digit
    ObjectMapper json = new ObjectMapper();
    assertThat(json.writeValueAsString(spark.toJson())).isEqualTo(json.writeValueAsString(single.toJson()));
    assertThat(spark.validQueries()).isEqualTo(1100); // 40 identities over 700 gallery rows: every query has a match
  }

  /**
   * A set made for the blocked path: 600 queries (two query blocks) × {@code rows} gallery rows
   * (2100: two gallery chunks of the distance products, 2048 + 52) drawn from {@code distinct} vectors,
   * so with few of them most distances tie exactly, across identities, cameras and block
   * boundaries; a third of the queries equal gallery vectors; 6 identities in the gallery and 8
   * among the queries (some queries have no true match) over 3 cameras.
   */
  static Object[] tiedSet(long seed, int distinct, int rows) {
    Nd4j.getRandom().setSeed(seed);
    INDArray base = Nd4j.randn(DataType.FLOAT, distinct, 16);
    Random r = new Random(seed);
    INDArray g = Nd4j.create(DataType.FLOAT, rows, 16);
    for (int i = 0; i < rows; i++) {
      g.getRow(i).assign(base.getRow(r.nextInt(distinct)));
    }
    INDArray q = Nd4j.randn(DataType.FLOAT, 600, 16);
    for (int i = 0; i < 600; i += 3) {
      q.getRow(i).assign(base.getRow(r.nextInt(distinct))); // a query equal to gallery rows: distance ~0 ties
    }
    int[] gp = new int[rows];
    int[] gc = new int[rows];
    for (int i = 0; i < rows; i++) {
      gp[i] = r.nextInt(6);
      gc[i] = r.nextInt(3);
    }
    int[] qp = new int[600];
    int[] qc = new int[600];
    for (int i = 0; i < 600; i++) {
      qp[i] = r.nextInt(8); // identities 6 and 7 are not in the gallery
      qc[i] = r.nextInt(3);
    }
    return new Object[] {q, new ReidLabels(qp, qc), g, new ReidLabels(gp, gc)};
  }

  @Test
  void blockedGalleryEqualsBroadcastAndSingleMachineQueryByQuery() throws Exception {
    ObjectMapper json = new ObjectMapper();
    DistributedReidEval eval = new DistributedReidEval(LocalSpark.get());
    // {distinct vectors, gallery rows, block sizes…}: heavy ties in one chunk; some ties over two
    for (int[] sizes : new int[][] {{4, 200, 1, 3, 7, 128, 199, 200, 500}, {40, 2100, 45, 700, 2047, 2048, 2099, 3000}}) {
      int distinct = sizes[0];
      Object[] set = tiedSet(distinct, distinct, sizes[1]);
      INDArray q = (INDArray) set[0];
      ReidLabels ql = (ReidLabels) set[1];
      INDArray g = (INDArray) set[2];
      ReidLabels gl = (ReidLabels) set[3];
      INDArray qn = ReidDistances.normalise(q);
      INDArray gn = ReidDistances.normalise(g);
      double[][] dist = ReidDistances.squaredEuclidean(qn, gn);
      QueryRanking.Result[] want = new QueryRanking.Result[600];
      for (int i = 0; i < 600; i++) {
        want[i] = QueryRanking.rank(dist[i], ql.pids()[i], ql.camids()[i], gl.pids(), gl.camids());
      }
      ReidEvaluation single = new ReidEvaluator(50).evaluateDistances(dist, ql.pids(), ql.camids(), gl.pids(), gl.camids());
      assertThat(single.validQueries()).isBetween(300, 599); // queries without a true match are skipped
      String singleJson = json.writeValueAsString(single.toJson());
      assertThat(json.writeValueAsString(eval.evaluate(q, ql, g, gl, 50, GalleryBlocking.broadcast()).toJson()))
          .isEqualTo(singleJson);
      // blocks cut through identities, cameras, runs of equal distances and (2100 rows) the
      // products' gallery chunks; a last block of one row (199, 2099); the whole gallery; larger
      for (int rows : java.util.Arrays.copyOfRange(sizes, 2, sizes.length)) {
        QueryRanking.Result[] got = new BlockedRanking(JavaSparkContext.fromSparkContext(LocalSpark.get().sparkContext()),
            rows).rank(qn, ql, gn, gl);
        assertThat(got).as("%d distinct rows, blocks of %d", distinct, rows).containsExactly(want);
      }
      // and through the public entry point, as solider spark reid-eval --gallery-block-rows 7 runs it
      assertThat(json.writeValueAsString(eval.evaluate(q, ql, g, gl, 50, GalleryBlocking.blocked(7)).toJson()))
          .isEqualTo(singleJson);
    }
  }

  @Test
  void theAutomaticChoiceBlocksAboveTheBroadcastLimit() throws Exception {
    assertThat(GalleryBlocking.automatic().rowsPerBlock(349_000, 768)).isZero();
    assertThat(GalleryBlocking.automatic().rowsPerBlock(400_000, 768)).isEqualTo((32 << 20) / (4 * 768));
    assertThat(new GalleryBlocking(0, 1000).rowsPerBlock(10, 25)).isZero(); // 1000 bytes: broadcast
    assertThat(new GalleryBlocking(0, 999).rowsPerBlock(10, 25)).isPositive();
    assertThat(GalleryBlocking.broadcast().rowsPerBlock(Integer.MAX_VALUE, 4096)).isZero();
    // the automatic switch gives the broadcast result: a limit of 1 byte blocks this small gallery
    Object[] set = tiedSet(3, 4, 200);
    INDArray q = (INDArray) set[0];
    INDArray g = (INDArray) set[2];
    DistributedReidEval eval = new DistributedReidEval(LocalSpark.get());
    ObjectMapper json = new ObjectMapper();
    assertThat(json.writeValueAsString(eval.evaluate(q, (ReidLabels) set[1], g, (ReidLabels) set[3], 50,
        new GalleryBlocking(0, 1)).toJson()))
        .isEqualTo(json.writeValueAsString(eval.evaluate(q, (ReidLabels) set[1], g, (ReidLabels) set[3], 50,
            GalleryBlocking.broadcast()).toJson()));
    assertThatThrownBy(() -> GalleryBlocking.blocked(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gallery block rows must be >= 1");
  }

  @Test
  void mismatchedInputIsAClearError() {
    INDArray q = Nd4j.rand(DataType.FLOAT, 4, 8);
    INDArray g = Nd4j.rand(DataType.FLOAT, 5, 6);
    Random r = new Random(1);
    assertThatThrownBy(() -> new DistributedReidEval(LocalSpark.get()).evaluate(q, labels(r, 4), g, labels(r, 5), 50))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("8 dimensions but gallery features have 6");
  }
}
