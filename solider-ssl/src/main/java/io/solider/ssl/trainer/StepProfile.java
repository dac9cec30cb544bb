package io.solider.ssl.trainer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Wall-clock time per phase of the pretraining step (teacher, clustering, student backbone
 * forward and backward per crop size, heads and losses, clipping, AdamW, EMA…), summed over the
 * steps since the last {@link #reset}: where a step's time goes ({@code bench pretrain-step
 * --profile}). One per run; phases keep their first-seen order. Not thread-safe.
 */
public final class StepProfile {

  private final Map<String, Long> nanos = new LinkedHashMap<>();

  /** The start of a phase, for {@link #end}. */
  public long start() {
    return System.nanoTime();
  }

  /** Adds the time since {@code start} to {@code phase} and returns now (the start of the next phase). */
  public long end(String phase, long start) {
    long now = System.nanoTime();
    nanos.merge(phase, now - start, Long::sum);
    return now;
  }

  /** Seconds per phase since the last reset, in first-seen order. */
  public Map<String, Double> seconds() {
    Map<String, Double> out = new LinkedHashMap<>();
    nanos.forEach((k, v) -> out.put(k, v / 1e9));
    return out;
  }

  /** Forgets every phase (call after warm-up steps). */
  public void reset() {
    nanos.clear();
  }
}
