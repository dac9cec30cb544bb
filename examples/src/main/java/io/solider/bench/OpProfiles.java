package io.solider.bench;

import io.solider.nn.exec.OpProfile;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON fields of a planned executor's profile: op calls per run, CPU inside and around ops, top op types. */
final class OpProfiles {

  private OpProfiles() {}

  static Map<String, Object> summary(OpProfile p, int runs) {
    long inside = 0;
    long around = 0;
    long calls = 0;
    for (OpProfile.Entry e : p.ranking()) {
      inside += e.execNanos();
      around += e.overheadNanos();
      calls += e.calls();
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("op_calls_per_run", calls / runs);
    r.put("ops_cpu_s_per_run", Math.round(inside / 1e6 / runs) / 1000.0);
    r.put("around_ops_cpu_s_per_run", Math.round(around / 1e6 / runs) / 1000.0);
    Map<String, Object> top = new LinkedHashMap<>();
    double total = inside + around;
    p.ranking().stream().limit(14).forEach(e -> top.put(e.op(), String.format(java.util.Locale.ROOT,
        "%.1f%% (%d calls/run, %.1f%% of it around the op)", 100 * (e.execNanos() + e.overheadNanos()) / total,
        e.calls() / runs, 100.0 * e.overheadNanos() / Math.max(1, e.execNanos() + e.overheadNanos()))));
    r.put("top_ops", top);
    return r;
  }
}
