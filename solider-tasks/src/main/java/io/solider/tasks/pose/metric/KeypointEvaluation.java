package io.solider.tasks.pose.metric;

import io.solider.nn.train.Evaluation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * COCO keypoint summary metrics in COCOeval's order, as fractions; −1 where COCOeval reports −1
 * (no ground truth person counts for that setting).
 *
 * @param stats AP, AP50, AP75, APm, APl, AR, AR50, AR75, ARm, ARl
 */
public record KeypointEvaluation(double[] stats) implements Evaluation {

  /** The JSON keys, in COCOeval's {@code stats} order. */
  public static final List<String> KEYS = List.of("AP", "AP50", "AP75", "APm", "APl", "AR", "AR50", "AR75", "ARm", "ARl");

  public KeypointEvaluation {
    if (stats.length != KEYS.size()) {
      throw new IllegalArgumentException("expected " + KEYS.size() + " statistics, got " + stats.length);
    }
    stats = stats.clone();
  }

  @Override
  public double[] stats() {
    return stats.clone();
  }

  /** OKS AP averaged over thresholds 0.50:0.05:0.95, all areas. */
  public double ap() {
    return stats[0];
  }

  /** The statistic named {@code key} (one of {@link #KEYS}). */
  public double get(String key) {
    int i = KEYS.indexOf(key);
    if (i < 0) {
      throw new IllegalArgumentException("unknown statistic '" + key + "', expected one of " + KEYS);
    }
    return stats[i];
  }

  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    for (int i = 0; i < stats.length; i++) {
      json.put(KEYS.get(i), stats[i]);
    }
    return json;
  }

  @Override
  public String summary() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < stats.length; i++) {
      sb.append(i == 0 ? "" : " ").append(KEYS.get(i)).append(' ').append(String.format("%.3f", stats[i]));
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return summary();
  }
}
