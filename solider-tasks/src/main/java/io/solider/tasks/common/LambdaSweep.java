package io.solider.tasks.common;

import io.solider.nn.train.Evaluation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * A model evaluated at several semantic weights λ, the result of every {@code TASK-test}: the best
 * λ by the task's own order, its metrics on top of the metrics file, every λ listed below.
 *
 * @param entries the evaluations in the order the λ were given
 * @param best index of the best entry (the first of equals)
 */
public record LambdaSweep<E extends Evaluation>(List<Entry<E>> entries, int best) {

  /** One λ and its evaluation. */
  public record Entry<E>(double lambda, E evaluation) {}

  public LambdaSweep {
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("a sweep needs at least one semantic weight");
    }
    entries = List.copyOf(entries);
  }

  /**
   * The semantic weights of a {@code TASK-test}, checked: at least one, each in [0, 1], none twice.
   *
   * @return an unmodifiable copy
   * @throws IllegalArgumentException naming the offending value
   */
  public static List<Double> checkedLambdas(List<Double> lambdas) {
    List<Double> copy = List.copyOf(lambdas);
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("at least one semantic weight is needed");
    }
    for (int i = 0; i < copy.size(); i++) {
      if (!(copy.get(i) >= 0 && copy.get(i) <= 1)) {
        throw new IllegalArgumentException("semantic weights must lie in [0, 1], got " + copy.get(i));
      }
      if (copy.subList(0, i).contains(copy.get(i))) {
        throw new IllegalArgumentException("semantic weight " + copy.get(i) + " is given twice");
      }
    }
    return copy;
  }

  /**
   * The sweep of {@code entries}, best by {@code better} (greater is better: e.g. by mAP; a
   * miss-rate task passes the reversed order).
   */
  public static <E extends Evaluation> LambdaSweep<E> of(List<Entry<E>> entries, Comparator<? super E> better) {
    int best = 0;
    for (int i = 1; i < entries.size(); i++) {
      if (better.compare(entries.get(i).evaluation(), entries.get(best).evaluation()) > 0) {
        best = i;
      }
    }
    return new LambdaSweep<>(entries, best);
  }


  public Entry<E> bestEntry() {
    return entries.get(best);
  }

  public double[] lambdas() {
    return entries.stream().mapToDouble(Entry::lambda).toArray();
  }

  /** One metric of every entry, in λ order. */
  public double[] metric(ToDoubleFunction<? super E> metric) {
    return entries.stream().mapToDouble(e -> metric.applyAsDouble(e.evaluation())).toArray();
  }

  /**
   * The metrics JSON of a task test: {@code semantic_weight} (the best λ) and the best evaluation's
   * keys, {@code by_semantic_weight} (each λ with its evaluation's keys), then {@code extra}
   * (data, checkpoint, sizes…).
   */
  public Map<String, Object> toJson(Map<String, ?> extra) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("semantic_weight", bestEntry().lambda());
    json.putAll(bestEntry().evaluation().toJson());
    List<Map<String, Object>> all = new ArrayList<>();
    for (Entry<E> e : entries) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("semantic_weight", e.lambda());
      m.putAll(e.evaluation().toJson());
      all.add(m);
    }
    json.put("by_semantic_weight", all);
    json.putAll(extra);
    return json;
  }

  /**
   * The chart of the sweep ({@code lambda.png}): each named metric (fractions) over λ, the best λ
   * marked with {@code bestLabel}. Nothing is written for a single λ.
   */
  public void writeChart(Map<String, ToDoubleFunction<? super E>> metrics, String bestLabel, String title, Path png)
      throws IOException {
    if (entries.size() < 2) {
      return;
    }
    List<Charts.Curve> curves = new ArrayList<>();
    metrics.forEach((name, f) -> curves.add(new Charts.Curve(name, metric(f))));
    Charts.writeOverLambda(lambdas(), curves, best, bestLabel, title, png);
  }
}
