package io.solider.tasks.reid.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.solider.nn.io.Npy;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * k-reciprocal re-ranking and the evaluation against a NumPy port of the release's code
 * ({@code src/test/resources/reid/make_rerank_reference.py}: 7 queries × 30 gallery × 16 dims).
 */
class ReidRerankingTest {

  static Path resource(String name) throws Exception {
    return Path.of(ReidRerankingTest.class.getResource("/reid/" + name).toURI());
  }

  static JsonNode expected() throws Exception {
    return new ObjectMapper().readTree(resource("rerank_expected.json").toFile());
  }

  @Test
  void rerankedDistancesMatchTheReferencePortTo1e5() throws Exception {
    INDArray q = ReidDistances.normalise(Npy.read(resource("rerank_q.npy")));
    INDArray g = ReidDistances.normalise(Npy.read(resource("rerank_g.npy")));
    double[][] ours = KReciprocalReranking.rerank(q, g, KReciprocalReranking.Options.defaults());
    double[][] ref = Npy.read(resource("rerank_expected.npy")).toDoubleMatrix();
    assertThat(ours.length).isEqualTo(7);
    double worst = 0;
    for (int i = 0; i < ref.length; i++) {
      assertThat(ours[i]).hasSize(30);
      for (int j = 0; j < ref[i].length; j++) {
        worst = Math.max(worst, Math.abs(ours[i][j] - ref[i][j]));
      }
    }
    assertThat(worst).isLessThan(1e-5);
  }

  @Test
  void metricsWithAndWithoutRerankingMatchTheReleaseEvalFunc() throws Exception {
    ReidLabels ql = ReidLabels.read(resource("rerank_q.csv"));
    ReidLabels gl = ReidLabels.read(resource("rerank_g.csv"));
    INDArray q = ReidDistances.normalise(Npy.read(resource("rerank_q.npy")));
    INDArray g = ReidDistances.normalise(Npy.read(resource("rerank_g.npy")));
    ReidEvaluator evaluator = new ReidEvaluator(Math.min(50, gl.size()));
    ReidEvaluation plain = evaluator.evaluateDistances(ReidDistances.squaredEuclidean(q, g),
        ql.pids(), ql.camids(), gl.pids(), gl.camids());
    ReidEvaluation reranked = evaluator.evaluateDistances(
        KReciprocalReranking.rerank(q, g, KReciprocalReranking.Options.defaults()),
        ql.pids(), ql.camids(), gl.pids(), gl.camids());
    JsonNode exp = expected();
    check(plain, exp.get("plain"));
    check(reranked, exp.get("rerank"));
    assertThat(reranked.mAP()).isNotEqualTo(plain.mAP());
  }

  private static void check(ReidEvaluation e, JsonNode exp) {
    assertThat(e.mAP()).isCloseTo(exp.get("mAP").asDouble(), within(1e-9));
    assertThat(e.validQueries()).isEqualTo(exp.get("num_valid_queries").asInt());
    assertThat(e.cmc()).hasSize(exp.get("cmc").size());
    for (int k = 0; k < e.cmc().length; k++) {
      assertThat(e.cmc()[k]).as("rank %d", k + 1).isCloseTo(exp.get("cmc").get(k).asDouble(), within(1e-6));
    }
  }

  @Test
  void smallestKeepsTheKSmallestInAscendingOrder() {
    assertThat(KReciprocalReranking.smallest(new float[] {5, 1, 4, 1, 0, 9}, 3)).containsExactly(4, 1, 3);
  }
}
