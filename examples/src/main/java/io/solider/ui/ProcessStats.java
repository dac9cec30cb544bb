package io.solider.ui;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.ui.model.stats.api.StatsReport;

/**
 * The system page's share of a UI report, the same for every trainer: JVM and off-heap memory,
 * throughput since the start, and garbage collections since the previous report.
 */
final class ProcessStats {

  private final long startMs = System.currentTimeMillis();
  private final Map<String, long[]> gcLast = new HashMap<>();

  /** Adds memory, performance (images and steps so far) and GC counts to {@code r}. */
  void report(StatsReport r, long now, long images, long steps) {
    Runtime rt = Runtime.getRuntime();
    r.reportMemoryUse(rt.totalMemory() - rt.freeMemory(), rt.maxMemory(), Pointer.physicalBytes(),
        Pointer.maxPhysicalBytes(), new long[0], new long[0]);
    double secs = Math.max(1e-3, (now - startMs) / 1000.0);
    r.reportPerformance(now - startMs, images, steps, images / secs, steps / secs);
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      long[] last = gcLast.getOrDefault(gc.getName(), new long[2]);
      r.reportGarbageCollection(gc.getName(), (int) (gc.getCollectionCount() - last[0]),
          (int) (gc.getCollectionTime() - last[1]));
      gcLast.put(gc.getName(), new long[] {gc.getCollectionCount(), gc.getCollectionTime()});
    }
  }
}
