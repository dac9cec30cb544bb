package io.solider.tasks.reid.metric;

/**
 * The standard re-id protocol (Market-1501 / MSMT17): features are L2-normalised, distance is
 * squared Euclidean; for each query, gallery items with the same identity and the same camera are
 * removed; queries with no remaining true match are skipped; AP is the mean of the precision at
 * each true match and CMC counts a hit at rank k when a true match is among the first k.
 */
public final class ReidEvaluator {

  private final int maxRank;

  /** An evaluator reporting CMC up to {@code maxRank}. */
  public ReidEvaluator(int maxRank) {
    if (maxRank < 1) {
      throw new IllegalArgumentException("maxRank must be >= 1");
    }
    this.maxRank = maxRank;
  }

  /** CMC up to rank 50. */
  public ReidEvaluator() {
    this(50);
  }

  /**
   * Evaluates features ({@code [n][d]}), normalising them first. Distances are computed in plain
   * Java, which suits small sets; for full-size benchmarks compute the distance matrix with ND4J
   * and call {@link #evaluateDistances}.
   */
  public ReidEvaluation evaluate(float[][] queryFeatures, int[] queryPids, int[] queryCams,
      float[][] galleryFeatures, int[] galleryPids, int[] galleryCams) {
    double[][] q = normalise(queryFeatures);
    double[][] g = normalise(galleryFeatures);
    double[][] dist = new double[q.length][g.length];
    for (int i = 0; i < q.length; i++) {
      for (int j = 0; j < g.length; j++) {
        double s = 0;
        for (int k = 0; k < q[i].length; k++) {
          double d = q[i][k] - g[j][k];
          s += d * d;
        }
        dist[i][j] = s;
      }
    }
    return evaluateDistances(dist, queryPids, queryCams, galleryPids, galleryCams);
  }

  /** Evaluates a precomputed query × gallery distance matrix (smaller = more similar). */
  public ReidEvaluation evaluateDistances(double[][] dist, int[] queryPids, int[] queryCams,
      int[] galleryPids, int[] galleryCams) {
    int nq = queryPids.length;
    int ng = galleryPids.length;
    if (dist.length != nq || queryCams.length != nq || galleryCams.length != ng) {
      throw new IllegalArgumentException("query/gallery sizes disagree");
    }
    QueryRanking.Result[] results = new QueryRanking.Result[nq];
    for (int i = 0; i < nq; i++) {
      if (dist[i].length != ng) {
        throw new IllegalArgumentException("distance row " + i + " has " + dist[i].length + " columns, expected " + ng);
      }
      // True matches in ranking order (distance, then gallery index); every other kept item is
      // placed among them by binary search, so no full sort of the gallery is needed.
      results[i] = QueryRanking.rank(dist[i], queryPids[i], queryCams[i], galleryPids, galleryCams);
    }
    return combine(results);
  }

  /**
   * mAP and CMC from per-query results in query order (null for a query without a true match),
   * however they were computed (whole gallery or gallery blocks, one machine or many).
   *
   * @throws IllegalArgumentException when no query has a true match
   */
  public ReidEvaluation combine(QueryRanking.Result[] results) {
    double[] cmc = new double[maxRank];
    double apSum = 0;
    int valid = 0;
    for (QueryRanking.Result r : results) {
      if (r == null) {
        continue;
      }
      valid++;
      apSum += r.averagePrecision();
      for (int k = r.firstHit() - 1; k < maxRank; k++) {
        cmc[k] += 1;
      }
    }
    if (valid == 0) {
      throw new IllegalArgumentException("no query has a valid gallery match");
    }
    for (int k = 0; k < maxRank; k++) {
      cmc[k] /= valid;
    }
    return new ReidEvaluation(apSum / valid, cmc, valid, results.length);
  }

  /** The largest rank of the CMC curve. */
  public int maxRank() {
    return maxRank;
  }

  private static double[][] normalise(float[][] f) {
    double[][] out = new double[f.length][];
    for (int i = 0; i < f.length; i++) {
      double n = 0;
      for (float v : f[i]) {
        n += (double) v * v;
      }
      n = Math.sqrt(Math.max(n, 1e-24));
      out[i] = new double[f[i].length];
      for (int k = 0; k < f[i].length; k++) {
        out[i][k] = f[i][k] / n;
      }
    }
    return out;
  }
}
