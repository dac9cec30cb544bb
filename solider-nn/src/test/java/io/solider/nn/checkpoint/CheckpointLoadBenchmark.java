package io.solider.nn.checkpoint;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Times {@link Checkpoints#readBackbone} plus materialising every backbone tensor, for real-size
 * checkpoints made by {@code src/test/python/make_benchmark_checkpoints.py}. A main class, not a
 * test: see docs/CHECKPOINTS.md for how to run it and the figures measured.
 *
 * <p>Usage: {@code CheckpointLoadBenchmark FILE...}; prints, per file, the first (cold) load in
 * this JVM, then the median of 5 loads after one warm-up.
 */
public final class CheckpointLoadBenchmark {

  private static final int RUNS = 5;

  private CheckpointLoadBenchmark() {}

  public static void main(String[] args) throws IOException {
    if (args.length == 0) {
      System.err.println("usage: CheckpointLoadBenchmark FILE...");
      System.exit(2);
    }
    long t0 = System.nanoTime();
    Nd4j.create(1);
    System.out.printf(Locale.ROOT, "ND4J backend initialisation: %.3f s%n", (System.nanoTime() - t0) / 1e9);
    for (String a : args) {
      Path file = Path.of(a);
      double cold = load(file, true);
      load(file, false);
      double[] warm = new double[RUNS];
      for (int i = 0; i < RUNS; i++) {
        warm[i] = load(file, false);
      }
      Arrays.sort(warm);
      System.out.printf(Locale.ROOT, "%s: first load %.3f s, median of %d after warm-up %.3f s (min %.3f, max %.3f)%n",
          file.getFileName(), cold, RUNS, warm[RUNS / 2], warm[0], warm[RUNS - 1]);
    }
  }

  /** One readBackbone + materialisation of every tensor; returns seconds. */
  private static double load(Path file, boolean report) throws IOException {
    long t = System.nanoTime();
    long bytes = 0;
    int count = 0;
    double checksum = 0;
    List<INDArray> loaded = new ArrayList<>();
    try (StateDict sd = Checkpoints.readBackbone(file)) {
      for (Map.Entry<String, TensorRef> e : sd.tensors().entrySet()) {
        INDArray arr = e.getValue().toINDArray();
        loaded.add(arr);
        bytes += arr.length() * arr.dataType().width();
        checksum += arr.getDouble(0);
        count++;
      }
    }
    double s = (System.nanoTime() - t) / 1e9;
    // Free the off-heap buffers now rather than whenever the GC runs, so that one run's garbage
    // does not slow the next one down (a real caller keeps its arrays).
    loaded.forEach(INDArray::close);
    if (report) {
      System.out.printf(Locale.ROOT, "%s: %d backbone tensors, %.1f MB materialised (checksum %.6f)%n",
          file.getFileName(), count, bytes / 1e6, checksum);
    }
    return s;
  }
}
