package io.solider.tasks.reid.metric;

/**
 * Result of a re-id evaluation.
 *
 * @param mAP mean average precision over valid queries
 * @param cmc cumulative match characteristic: {@code cmc[k-1]} = rank-k hit rate
 * @param validQueries queries that had at least one valid gallery match
 * @param queries all queries
 */
public record ReidEvaluation(double mAP, double[] cmc, int validQueries, int queries) {

  /** Rank-k hit rate (k ≥ 1). */
  public double rank(int k) {
    return cmc[Math.min(k, cmc.length) - 1];
  }

  @Override
  public String toString() {
    return String.format("mAP %.2f%% rank-1 %.2f%% rank-5 %.2f%% rank-10 %.2f%% (%d/%d valid queries)",
        100 * mAP, 100 * rank(1), 100 * rank(5), 100 * rank(10), validQueries, queries);
  }
}
