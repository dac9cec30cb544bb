package io.solider.tasks.reid.metric;

import io.solider.nn.train.Evaluation;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Result of a re-id evaluation.
 *
 * @param mAP mean average precision over valid queries
 * @param cmc cumulative match characteristic: {@code cmc[k-1]} = rank-k hit rate
 * @param validQueries queries that had at least one valid gallery match
 * @param queries all queries
 */
public record ReidEvaluation(double mAP, double[] cmc, int validQueries, int queries) implements Evaluation {

  /** Rank-k hit rate (k ≥ 1). */
  public double rank(int k) {
    return cmc[Math.min(k, cmc.length) - 1];
  }

  /**
   * The metrics JSON of {@code reid-eval}, {@code reid-test} and the trainer (fractions): mAP,
   * rank1, rank5, rank10, cmc (rank 1 … max rank), num_valid_queries.
   */
  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("mAP", mAP);
    json.put("rank1", rank(1));
    json.put("rank5", rank(5));
    json.put("rank10", rank(10));
    json.put("cmc", cmc);
    json.put("num_valid_queries", validQueries);
    return json;
  }

  @Override
  public String summary() {
    return toString();
  }

  @Override
  public String toString() {
    return String.format("mAP %.2f%% rank-1 %.2f%% rank-5 %.2f%% rank-10 %.2f%% (%d/%d valid queries)",
        100 * mAP, 100 * rank(1), 100 * rank(5), 100 * rank(10), validQueries, queries);
  }
}
