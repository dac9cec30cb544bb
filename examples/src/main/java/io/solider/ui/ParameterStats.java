package io.solider.ui;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.deeplearning4j.ui.model.stats.api.Histogram;
import org.deeplearning4j.ui.model.stats.api.StatsReport;
import org.deeplearning4j.ui.model.stats.api.StatsType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The model page's share of a UI report, the same for every trainer: per parameter group the mean
 * magnitude of the parameters and of their change since the previous report, the change's
 * standard deviation, and 20-bin histograms of both. Keeps a copy of the parameters between reports.
 */
final class ParameterStats {

  private static final int BINS = 20;

  private final Map<String, INDArray> previous = new HashMap<>();

  /** One report's statistics by group, in first-seen group order. */
  record Groups(Map<String, Double> paramMeanMagnitude, Map<String, Double> updateMeanMagnitude,
      Map<String, Double> updateStdev, Map<String, Histogram> paramHistograms,
      Map<String, Histogram> updateHistograms) {

    /** Adds the statistics to {@code r}. */
    void report(StatsReport r) {
      r.reportMeanMagnitudes(StatsType.Parameters, paramMeanMagnitude);
      r.reportMeanMagnitudes(StatsType.Updates, updateMeanMagnitude);
      r.reportStdev(StatsType.Updates, updateStdev);
      r.reportHistograms(StatsType.Parameters, paramHistograms);
      r.reportHistograms(StatsType.Updates, updateHistograms);
    }
  }

  /**
   * Statistics of the floating-point arrays of {@code params} (integer counters such as
   * BatchNorm's num_batches_tracked are skipped), grouped by {@code group(key, array)}.
   */
  Groups collect(Map<String, INDArray> params, BiFunction<String, INDArray, String> group) {
    Map<String, double[]> sums = new LinkedHashMap<>(); // group → [Σ|p|, Σ|Δ|, Σ Δ², count]
    Map<String, List<float[]>> paramValues = new LinkedHashMap<>();
    Map<String, List<float[]>> updateValues = new LinkedHashMap<>();
    for (Map.Entry<String, INDArray> e : params.entrySet()) {
      INDArray p = e.getValue();
      if (!p.dataType().isFPType()) {
        continue;
      }
      String grp = group.apply(e.getKey(), p);
      double[] acc = sums.computeIfAbsent(grp, k -> new double[4]);
      acc[0] += p.norm1Number().doubleValue();
      paramValues.computeIfAbsent(grp, k -> new ArrayList<>()).add(p.dup().data().asFloat());
      INDArray before = previous.get(e.getKey());
      if (before != null) {
        INDArray delta = p.sub(before);
        updateValues.computeIfAbsent(grp, k -> new ArrayList<>()).add(delta.data().asFloat());
        acc[1] += delta.norm1Number().doubleValue();
        double n2 = delta.norm2Number().doubleValue();
        acc[2] += n2 * n2;
        before.assign(p);
      } else {
        previous.put(e.getKey(), p.dup());
      }
      acc[3] += p.length();
    }
    Map<String, Double> paramMM = new LinkedHashMap<>();
    Map<String, Double> updateMM = new LinkedHashMap<>();
    Map<String, Double> updateStd = new LinkedHashMap<>();
    sums.forEach((k, a) -> {
      paramMM.put(k, a[0] / a[3]);
      updateMM.put(k, a[1] / a[3]);
      updateStd.put(k, Math.sqrt(a[2] / a[3]));
    });
    return new Groups(paramMM, updateMM, updateStd, histograms(paramValues), histograms(updateValues));
  }

  /**
   * The UI group of a backbone key under {@code prefix} ({@code patch_embed} or {@code stageN}; a
   * stage's norm and semantic embedding count with the stage), or null for a key outside the backbone.
   */
  static String backboneGroup(String prefix, String key) {
    if (!key.startsWith(prefix)) {
      return null;
    }
    String k = key.substring(prefix.length());
    if (k.startsWith("patch_embed")) {
      return "patch_embed";
    } else if (k.startsWith("stages.")) {
      return "stage" + k.charAt("stages.".length());
    } else if (k.startsWith("norm")) {
      return "stage" + k.charAt("norm".length());
    } else if (k.startsWith("semantic_embed")) {
      return "stage" + k.charAt(k.indexOf('.', "semantic_embed".length()) + 1);
    }
    return null;
  }

  /** A 20-bin histogram of each group's values. */
  static Map<String, Histogram> histograms(Map<String, List<float[]>> values) {
    Map<String, Histogram> out = new LinkedHashMap<>();
    values.forEach((k, arrays) -> {
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (float[] a : arrays) {
        for (float v : a) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
      }
      int[] counts = new int[BINS];
      double width = max > min ? (max - min) / BINS : 1;
      for (float[] a : arrays) {
        for (float v : a) {
          counts[Math.min(BINS - 1, (int) ((v - min) / width))]++;
        }
      }
      out.put(k, new Histogram(min, max, BINS, counts));
    });
    return out;
  }
}
