package io.solider.nn.exec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a planned run spends its time (CPU time of the calling thread), per op type: inside the native op, and around it (shape
 * function, allocation, freeing). Attach with {@link GraphExecution#profiledRunner}; single
 * thread, like the executor.
 */
public final class OpProfile {

  /** Totals of one op type. */
  public record Entry(String op, long calls, long execNanos, long overheadNanos) {}

  private final Map<String, long[]> totals = new HashMap<>();
  private long runs;

  void add(String op, long execNanos, long overheadNanos) {
    long[] t = totals.computeIfAbsent(op, k -> new long[3]);
    t[0]++;
    t[1] += execNanos;
    t[2] += overheadNanos;
  }

  void countRun() {
    runs++;
  }

  /** Runs recorded since the last {@link #reset}. */
  public long runs() {
    return runs;
  }

  /** Op types by total time (native and around it), largest first. */
  public List<Entry> ranking() {
    List<Entry> r = new ArrayList<>();
    totals.forEach((k, v) -> r.add(new Entry(k, v[0], v[1], v[2])));
    r.sort(Comparator.comparingLong((Entry e) -> e.execNanos() + e.overheadNanos()).reversed());
    return r;
  }

  public void reset() {
    totals.clear();
    runs = 0;
  }
}
