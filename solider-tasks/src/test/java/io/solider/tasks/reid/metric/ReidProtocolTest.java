package io.solider.tasks.reid.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

/** The exclusions of the protocol on hand-made cases, the ND4J distances and the labels CSV. */
class ReidProtocolTest {

  private final ReidEvaluator evaluator = new ReidEvaluator(3);

  @Test
  void sameIdentityAndSameCameraIsRemovedButSameCameraOtherIdentityStays() {
    // Gallery by distance: (5,cam1) removed, (8,cam1) kept and wrong, (5,cam2) right at rank 2.
    double[][] dist = {{0.1, 0.2, 0.3}};
    ReidEvaluation e = evaluator.evaluateDistances(dist, new int[] {5}, new int[] {1},
        new int[] {5, 8, 5}, new int[] {1, 1, 2});
    assertThat(e.rank(1)).isEqualTo(0.0);
    assertThat(e.rank(2)).isEqualTo(1.0);
    assertThat(e.mAP()).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void distractorIdentityZeroCountsAsAWrongMatch() {
    double[][] dist = {{0.1, 0.2}};
    ReidEvaluation e = evaluator.evaluateDistances(dist, new int[] {3}, new int[] {1},
        new int[] {0, 3}, new int[] {2, 2});
    assertThat(e.rank(1)).isEqualTo(0.0);
    assertThat(e.mAP()).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void queryWithNoValidMatchIsSkipped() {
    // Query 1's only same-identity item is in its own camera: skipped, not counted as a miss.
    double[][] dist = {{0.1, 0.2}, {0.1, 0.2}};
    ReidEvaluation e = evaluator.evaluateDistances(dist, new int[] {3, 4}, new int[] {1, 1},
        new int[] {3, 4}, new int[] {2, 1});
    assertThat(e.validQueries()).isEqualTo(1);
    assertThat(e.queries()).isEqualTo(2);
    assertThat(e.mAP()).isEqualTo(1.0);
    assertThat(e.rank(1)).isEqualTo(1.0);
  }

  @Test
  void nd4jDistancesEqualPlainJavaOnNormalisedFeatures() {
    Nd4j.getRandom().setSeed(3);
    var q = ReidDistances.normalise(Nd4j.randn(org.nd4j.linalg.api.buffer.DataType.FLOAT, 5, 8));
    var g = ReidDistances.normalise(Nd4j.randn(org.nd4j.linalg.api.buffer.DataType.FLOAT, 700, 8));
    double[][] d = ReidDistances.squaredEuclidean(q, g);
    float[][] qf = q.toFloatMatrix();
    float[][] gf = g.toFloatMatrix();
    for (int i = 0; i < 5; i++) {
      for (int j = 0; j < 700; j += 37) {
        double s = 0;
        for (int k = 0; k < 8; k++) {
          s += (qf[i][k] - gf[j][k]) * (qf[i][k] - gf[j][k]);
        }
        assertThat(d[i][j]).isCloseTo(s, within(1e-5));
      }
    }
    assertThat(q.norm2(1).toDoubleVector()).containsOnly(new double[] {1, 1, 1, 1, 1}, within(1e-6));
  }

  @Test
  void labelsCsvIsReadStrictly(@TempDir Path dir) throws Exception {
    Path ok = dir.resolve("ok.csv");
    Files.writeString(ok, "pid,camid\n1,2\n-1,3\n\n");
    ReidLabels l = ReidLabels.read(ok);
    assertThat(l.pids()).containsExactly(1, -1);
    assertThat(l.camids()).containsExactly(2, 3);
    Path bad = dir.resolve("bad.csv");
    Files.writeString(bad, "pid,camid\n1,2\n7,x\n");
    assertThatThrownBy(() -> ReidLabels.read(bad)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad.csv").hasMessageContaining("line 3");
    Path noHeader = dir.resolve("nohead.csv");
    Files.writeString(noHeader, "1,2\n");
    assertThatThrownBy(() -> ReidLabels.read(noHeader)).hasMessageContaining("line 1").hasMessageContaining("pid,camid");
    assertThatThrownBy(() -> l.requireRows(3, ok, dir.resolve("f.npy")))
        .hasMessageContaining("2 label rows").hasMessageContaining("3 feature rows");
  }

  @Test
  void fastRankingEqualsAFullStableSortEvenWithTies() {
    java.util.Random rnd = new java.util.Random(7);
    int nq = 20;
    int ng = 60;
    double[][] dist = new double[nq][ng];
    int[] qp = new int[nq];
    int[] qc = new int[nq];
    int[] gp = new int[ng];
    int[] gc = new int[ng];
    for (int j = 0; j < ng; j++) {
      gp[j] = rnd.nextInt(6);
      gc[j] = rnd.nextInt(3);
    }
    for (int i = 0; i < nq; i++) {
      qp[i] = rnd.nextInt(6);
      qc[i] = rnd.nextInt(3);
      for (int j = 0; j < ng; j++) {
        dist[i][j] = rnd.nextInt(5); // many ties
      }
    }
    ReidEvaluation fast = new ReidEvaluator(50).evaluateDistances(dist, qp, qc, gp, gc);
    double apSum = 0;
    double[] cmc = new double[50];
    int valid = 0;
    for (int i = 0; i < nq; i++) {
      double[] row = dist[i];
      Integer[] order = new Integer[ng];
      for (int j = 0; j < ng; j++) {
        order[j] = j;
      }
      java.util.Arrays.sort(order, (a, b) -> Double.compare(row[a], row[b]));
      int rank = 0;
      int hits = 0;
      double ps = 0;
      int first = -1;
      for (int j : order) {
        if (gp[j] == qp[i] && gc[j] == qc[i]) {
          continue;
        }
        rank++;
        if (gp[j] == qp[i]) {
          hits++;
          ps += (double) hits / rank;
          first = first < 0 ? rank : first;
        }
      }
      if (hits == 0) {
        continue;
      }
      valid++;
      apSum += ps / hits;
      for (int k = first - 1; k < 50; k++) {
        cmc[k]++;
      }
    }
    assertThat(fast.validQueries()).isEqualTo(valid);
    assertThat(fast.mAP()).isCloseTo(apSum / valid, within(1e-12));
    for (int k = 0; k < 50; k++) {
      assertThat(fast.cmc()[k]).isCloseTo(cmc[k] / valid, within(1e-12));
    }
  }
}
