package io.solider.nn.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Which parameters a task trains and how: frozen keys (never updated), then rules that put a key
 * in a {@link ParameterGroup} (first match wins), else the default group. Keys are the release's
 * state-dict keys.
 */
public final class ParameterGroups {

  private record Rule(BiPredicate<String, INDArray> matches, ParameterGroup group) {}

  private final Predicate<String> frozen;
  private final List<Rule> rules;
  private final ParameterGroup fallback;

  private ParameterGroups(Predicate<String> frozen, List<Rule> rules, ParameterGroup fallback) {
    this.frozen = frozen;
    this.rules = List.copyOf(rules);
    this.fallback = fallback;
  }

  /** Every parameter trained in {@code fallback}, until rules are added. */
  public static Builder builder(ParameterGroup fallback) {
    return new Builder(fallback);
  }

  /** The group of {@code key}, or empty when it is frozen. */
  public Optional<ParameterGroup> of(String key, INDArray value) {
    if (frozen.test(key)) {
      return Optional.empty();
    }
    for (Rule r : rules) {
      if (r.matches().test(key, value)) {
        return Optional.of(r.group());
      }
    }
    return Optional.of(fallback);
  }

  public boolean isFrozen(String key) {
    return frozen.test(key);
  }

  /** Every group, default first, in rule order. */
  public List<ParameterGroup> groups() {
    Map<String, ParameterGroup> all = new LinkedHashMap<>();
    all.put(fallback.name(), fallback);
    rules.forEach(r -> all.putIfAbsent(r.group().name(), r.group()));
    return List.copyOf(all.values());
  }

  /** Builder of {@link ParameterGroups}. */
  public static final class Builder {
    private Predicate<String> frozen = k -> false;
    private final List<Rule> rules = new ArrayList<>();
    private final ParameterGroup fallback;

    private Builder(ParameterGroup fallback) {
      this.fallback = fallback;
    }

    /** Keys matching {@code p} are frozen (in addition to those already frozen). */
    public Builder freeze(Predicate<String> p) {
      frozen = frozen.or(p);
      return this;
    }

    /** Keys matching {@code p} go to {@code group} unless an earlier rule took them. */
    public Builder group(Predicate<String> p, ParameterGroup group) {
      rules.add(new Rule((k, v) -> p.test(k), group));
      return this;
    }

    /** A rule that also looks at the array (e.g. 1-D parameters). */
    public Builder group(BiPredicate<String, INDArray> p, ParameterGroup group) {
      rules.add(new Rule(p, group));
      return this;
    }

    public ParameterGroups build() {
      return new ParameterGroups(frozen, rules, fallback);
    }
  }
}
