package io.solider.spark.extract;

import io.solider.nn.backbone.Backbone;
import io.solider.nn.backbone.BackboneRunner;
import io.solider.nn.extract.InferenceEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backbones of one executor JVM: each checkpoint is loaded once per executor (the first task
 * that needs it loads it, later tasks reuse it; the weights are never shipped with a task), and
 * the graphs built from it are pooled, one per concurrently running task, since a
 * {@link BackboneRunner} is not thread-safe.
 *
 * <p>This is process-wide state on purpose: Spark gives tasks no other place that lives as long
 * as the executor. Graphs stay open until the executor exits.
 */
final class ExecutorBackbones {

  private static final Logger log = LoggerFactory.getLogger(ExecutorBackbones.class);

  private static final Map<String, Backbone> LOADED = new ConcurrentHashMap<>();
  private static final AtomicLong LOADS = new AtomicLong();
  private static final Map<String, ConcurrentLinkedDeque<BackboneRunner>> IDLE = new ConcurrentHashMap<>();

  private ExecutorBackbones() {}

  /** A graph lent to one task; {@link #close} returns it to the pool. */
  static final class Lease implements AutoCloseable {
    private final String key;
    private final BackboneRunner runner;

    private Lease(String key, BackboneRunner runner) {
      this.key = key;
      this.runner = runner;
    }

    BackboneRunner runner() {
      return runner;
    }

    @Override
    public void close() {
      IDLE.get(key).push(runner);
    }
  }

  /**
   * A graph of {@code checkpoint} for {@code height × width} input on {@code engine}.
   *
   * @throws UncheckedIOException when the checkpoint is missing on this executor or does not load
   */
  static Lease lease(String checkpoint, InferenceEngine engine, int height, int width) {
    Backbone backbone = LOADED.computeIfAbsent(checkpoint, ExecutorBackbones::load);
    String key = checkpoint + "|" + engine + "|" + height + "x" + width;
    BackboneRunner idle = IDLE.computeIfAbsent(key, k -> new ConcurrentLinkedDeque<>()).poll();
    return new Lease(key, idle != null ? idle : engine.open(backbone, height, width));
  }

  /** Checkpoint loads in this JVM so far (a test checks: once per executor, not per task). */
  static long loads() {
    return LOADS.get();
  }

  private static Backbone load(String checkpoint) {
    Path file = Path.of(checkpoint);
    try {
      if (!Files.isRegularFile(file)) {
        // shipped with spark-submit --files (or SparkContext.addFile): in this executor's files folder
        file = Path.of(SparkFiles.get(file.getFileName().toString()));
      }
      if (!Files.isRegularFile(file)) {
        throw new NoSuchFileException(checkpoint, null, "checkpoint does not exist on executor " + host());
      }
      long t0 = System.nanoTime();
      Backbone b = Backbone.fromCheckpoint(file);
      LOADS.incrementAndGet();
      log.info("loaded {} on this executor in {} s", file, String.format("%.1f", (System.nanoTime() - t0) / 1e9));
      return b;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String host() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "(unknown host)";
    }
  }
}
