package io.solider.nn.progress;

import java.time.Duration;
import org.slf4j.Logger;

/**
 * Periodic progress lines for long work: done/total, rate and ETA, at most one line every
 * {@code interval} (plus a final line), through the caller's logger.
 */
public final class ProgressLog {

  private final Logger log;
  private final String task;
  private final String unit;
  private final long total;
  private final long intervalNanos;
  private final long start;
  private long lastReport;
  private long done;

  public ProgressLog(Logger log, String task, String unit, long total, Duration interval) {
    this.log = log;
    this.task = task;
    this.unit = unit;
    this.total = total;
    this.intervalNanos = interval.toNanos();
    this.start = System.nanoTime();
    this.lastReport = start;
  }

  /** Logs a line every 10 seconds. */
  public static ProgressLog every10s(Logger log, String task, String unit, long total) {
    return new ProgressLog(log, task, unit, total, Duration.ofSeconds(10));
  }

  /** Records {@code n} more units; logs when the interval has passed. */
  public void advance(long n) {
    done += n;
    long now = System.nanoTime();
    if (now - lastReport >= intervalNanos || done == total) {
      lastReport = now;
      log.info(line(now));
    }
  }

  /** Units per second so far. */
  public double rate() {
    double secs = (System.nanoTime() - start) / 1e9;
    return secs > 0 ? done / secs : 0;
  }

  public long done() {
    return done;
  }

  /** Seconds since the start. */
  public double elapsedSeconds() {
    return (System.nanoTime() - start) / 1e9;
  }

  String line(long now) {
    double secs = (now - start) / 1e9;
    double rate = secs > 0 ? done / secs : 0;
    StringBuilder sb = new StringBuilder(task).append(": ").append(done);
    if (total > 0) {
      sb.append('/').append(total).append(String.format(" (%.0f%%)", 100.0 * done / total));
    }
    sb.append(String.format(", %.2f %s/s, elapsed %s", rate, unit, format(secs)));
    if (total > 0 && rate > 0 && done < total) {
      sb.append(", ETA ").append(format((total - done) / rate));
    }
    return sb.toString();
  }

  static String format(double seconds) {
    long s = Math.round(seconds);
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return (s / 60) + "m" + String.format("%02d", s % 60) + "s";
    }
    return (s / 3600) + "h" + String.format("%02d", (s % 3600) / 60) + "m";
  }
}
