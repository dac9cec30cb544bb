package io.solider.nn.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The default {@link StepMeter}: each scalar averaged over the steps where it is finite, the last
 * learning rate ({@code lr}) rather than its mean, plus {@code steps} and {@code images_per_second}.
 */
public final class MeanMeter<S extends StepRecord> implements StepMeter<S> {

  private final Map<String, double[]> sums = new LinkedHashMap<>();
  private final Map<String, Double> last = new LinkedHashMap<>();
  private int steps;
  private double images;
  private double seconds;

  @Override
  public void add(S step) {
    steps++;
    images += step.images();
    seconds += step.seconds();
    for (Map.Entry<String, Double> e : step.scalars().entrySet()) {
      double[] s = sums.computeIfAbsent(e.getKey(), k -> new double[2]);
      double v = e.getValue();
      if (Double.isFinite(v)) {
        s[0] += v;
        s[1]++;
      }
      last.put(e.getKey(), v);
    }
  }

  @Override
  public Map<String, Double> averages() {
    Map<String, Double> m = new LinkedHashMap<>();
    sums.forEach((k, s) -> m.put(k, k.equals("lr") ? last.get(k) : s[1] == 0 ? Double.NaN : s[0] / s[1]));
    m.put("steps", (double) steps);
    m.put("images_per_second", seconds == 0 ? Double.NaN : images / seconds);
    return m;
  }
}
