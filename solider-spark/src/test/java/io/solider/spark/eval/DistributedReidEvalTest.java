package io.solider.spark.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.solider.spark.LocalSpark;
import io.solider.tasks.reid.metric.ReidDistances;
import io.solider.tasks.reid.metric.ReidEvaluation;
import io.solider.tasks.reid.metric.ReidEvaluator;
import io.solider.tasks.reid.metric.ReidLabels;
import java.util.Random;
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

  @Test
  void mismatchedInputIsAClearError() {
    INDArray q = Nd4j.rand(DataType.FLOAT, 4, 8);
    INDArray g = Nd4j.rand(DataType.FLOAT, 5, 6);
    Random r = new Random(1);
    assertThatThrownBy(() -> new DistributedReidEval(LocalSpark.get()).evaluate(q, labels(r, 4), g, labels(r, 5), 50))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("8 dimensions but gallery features have 6");
  }
}
