package io.solider.tasks.search.metric;

import io.solider.tasks.common.NumpyArgsort;
import io.solider.tasks.common.NumpySum;
import io.solider.nn.train.Evaluation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Person-search metrics as the release reports them, as fractions: mean AP over queries, top-1/5/10
 * accuracy, and the gallery detection recall and AP.
 *
 * @param mAP mean over queries of AP × recall
 * @param top1 fraction of queries whose best-ranked detection is a hit
 * @param top5 … among the first five
 * @param top10 … among the first ten
 * @param detectionRecall detected people ÷ people (detections scoring ≥ 0.01, IoU 0.5)
 * @param detectionAp detection AP × recall
 * @param queries number of queries
 */
public record SearchEvaluation(double mAP, double top1, double top5, double top10, double detectionRecall,
    double detectionAp, int queries) implements Evaluation {

  /** Aggregates per-query results as the release does ({@code np.mean}). */
  static SearchEvaluation of(List<SearchEvaluator.QueryResult> results, DetectionEvaluator.Result det) {
    if (results.isEmpty()) {
      throw new IllegalArgumentException("no queries to evaluate");
    }
    double[] aps = new double[results.size()];
    int[] hits = new int[3];
    for (int i = 0; i < aps.length; i++) {
      aps[i] = results.get(i).ap();
      for (int k = 0; k < 3; k++) {
        hits[k] += results.get(i).hits()[k];
      }
    }
    int n = aps.length;
    return new SearchEvaluation(NumpySum.mean(aps), hits[0] / (double) n, hits[1] / (double) n,
        hits[2] / (double) n, det.recall(), det.ap(), n);
  }

  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("mAP", plain(mAP));
    json.put("top1", top1);
    json.put("top5", top5);
    json.put("top10", top10);
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("recall", plain(detectionRecall));
    d.put("ap", plain(detectionAp));
    json.put("detection", d);
    return json;
  }

  @Override
  public String summary() {
    return String.format("mAP %.2f%%, top-1 %.2f%%, top-5 %.2f%%, top-10 %.2f%% over %d queries; "
        + "detection recall %.2f%%, AP %.2f%%", 100 * plain(mAP), 100 * top1, 100 * top5, 100 * top10, queries,
        100 * plain(detectionRecall), 100 * plain(detectionAp));
  }

  /** −0.0 (scikit-learn's AP of a ranking without positives) written and printed as 0. */
  private static double plain(double v) {
    return v + 0.0;
  }
}
