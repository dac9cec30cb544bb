package io.solider.tasks.detection.metric;

import io.solider.nn.train.Evaluation;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Log-average miss rates (fractions) per setup, in setup order; −1 for a setup without any
 * non-ignored person.
 *
 * @param missRates setup label → MR⁻²
 * @param images distinct image ids the FPPI was counted over
 */
public record MissRateEvaluation(Map<String, Double> missRates, int images) implements Evaluation {

  public MissRateEvaluation {
    missRates = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(missRates));
  }

  /** The miss rate of setup {@code label}. */
  public double missRate(String label) {
    Double v = missRates.get(label);
    if (v == null) {
      throw new IllegalArgumentException("no setup '" + label + "' (have " + missRates.keySet() + ")");
    }
    return v;
  }

  /** {@code {"Reasonable": …, "Reasonable_small": …, "Reasonable_occ=heavy": …, "All": …}}, fractions. */
  @Override
  public Map<String, Object> toJson() {
    return new LinkedHashMap<>(missRates);
  }

  @Override
  public String summary() {
    StringBuilder sb = new StringBuilder("MR-2");
    missRates.forEach((k, v) -> sb.append(' ').append(k).append(' ')
        .append(v < 0 ? "n/a" : String.format("%.2f%%", 100 * v)));
    return sb.append(" (").append(images).append(" images)").toString();
  }
}
