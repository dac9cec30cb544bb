package io.solider.bench.tasks;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.solider.cli.options.ArchitectureOptions;
import io.solider.cli.options.BatchSizeOption;
import io.solider.cli.options.ImageSizeOption;
import io.solider.nn.image.ImageSize;
import io.solider.nn.train.Position;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code solider bench task}: times a training step and an inference pass of each downstream task
 * at the release's input size, with a randomly initialised backbone (speed does not depend on the
 * weights). Prints one line per task and one JSON line per task for docs/PERFORMANCE.md.
 */
@Command(name = "task", mixinStandardHelpOptions = true,
    description = "Benchmark each task's training step and inference at the release's input size.")
public final class TaskBenchmark implements Callable<Integer> {

  /** Every task the benchmark knows, in the order of the docs. */
  static final List<TaskWorkloads> TASKS = List.of(new AttributeWorkloads(), new PoseWorkloads(),
      new ParsingWorkloads(), new DetectionWorkloads(), new SearchWorkloads());

  @Option(names = "--task", split = ",", paramLabel = "NAME", defaultValue = "all",
      description = "Tasks to time (comma-separated), or all. Default: ${DEFAULT-VALUE}.")
  List<String> tasks;

  @Mixin ArchitectureOptions architecture;

  @Option(names = "--size", paramLabel = "HxW", converter = ImageSizeOption.Converter.class,
      description = "Input size for every task chosen. Default: each task's release size.")
  ImageSize size;

  @Mixin BatchSizeOption trainBatch = new BatchSizeOption(2);

  @Option(names = "--infer-batch", defaultValue = "2", paramLabel = "N",
      description = "Images per inference pass. Default: ${DEFAULT-VALUE}.")
  int inferBatch;

  @Option(names = "--steps", defaultValue = "3", description = "Timed repetitions of each (median reported). Default: ${DEFAULT-VALUE}.")
  int steps;

  @Option(names = "--warmup", defaultValue = "1", description = "Untimed repetitions first. Default: ${DEFAULT-VALUE}.")
  int warmup;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of the weights and the batch. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Override
  public Integer call() throws Exception {
    if (steps < 1 || warmup < 0) {
      throw new IllegalArgumentException("--steps must be at least 1 and --warmup at least 0");
    }
    ObjectMapper json = new ObjectMapper();
    for (TaskWorkloads t : chosen()) {
      Map<String, Object> out = time(t);
      System.out.printf("%s at %s: training step %.2f s (%.2f images/s, batch %d), inference %.3f s (%.2f images/s, batch %d)%n",
          t.task(), out.get("input"), out.get("train_median_s"), out.get("train_images_per_s"), out.get("train_batch"),
          out.get("infer_median_s"), out.get("infer_images_per_s"), out.get("infer_batch"));
      System.out.println(json.writeValueAsString(out));
    }
    return 0;
  }

  private List<TaskWorkloads> chosen() {
    if (tasks.equals(List.of("all"))) {
      return TASKS;
    }
    List<TaskWorkloads> out = new ArrayList<>();
    for (String name : tasks) {
      out.add(TASKS.stream().filter(t -> t.task().equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(
          "--task: unknown task '" + name + "'; known: all, "
              + TASKS.stream().map(TaskWorkloads::task).collect(Collectors.joining(", ")))));
    }
    return out;
  }

  private Map<String, Object> time(TaskWorkloads t) throws Exception {
    ImageSize input = size != null ? size : t.releaseSize();
    double loadBefore = loadAverage();
    TaskWorkloads.Spec spec = new TaskWorkloads.Spec(architecture.config(), input, trainBatch.value(), inferBatch, seed);
    double trainMedian;
    double inferMedian;
    try (TaskWorkload w = t.create(spec)) {
      // Run i trains at iteration i (warm-up included), so schedules and seeds advance as in training.
      Position[] at = {Position.START};
      trainMedian = medianSeconds(() -> {
        w.trainStep(at[0]);
        System.gc();
        at[0] = at[0].nextBatch();
      });
      inferMedian = medianSeconds(w::infer);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("task", t.task());
    out.put("what", t.description());
    out.put("arch", architecture.arch().toString());
    out.put("input", input.toString());
    out.put("release_batch", t.releaseBatch());
    out.put("train_batch", spec.trainBatch());
    out.put("train_median_s", round(trainMedian));
    out.put("train_images_per_s", round(spec.trainBatch() / trainMedian));
    out.put("infer_batch", spec.inferBatch());
    out.put("infer_median_s", round(inferMedian));
    out.put("infer_images_per_s", round(spec.inferBatch() / inferMedian));
    out.put("steps", steps);
    out.put("peak_rss_gb", round(io.solider.bench.ResidentMemory.peakBytes() / 1e9));
    out.put("load_average_before", round(loadBefore));
    out.put("load_average_after", round(loadAverage()));
    out.put("threads", Runtime.getRuntime().availableProcessors());
    return out;
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  /** Runs {@code run} --warmup times untimed, then --steps times timed; the median in seconds. */
  private double medianSeconds(Runnable run) {
    double[] secs = new double[steps];
    for (int i = -warmup; i < steps; i++) {
      long t0 = System.nanoTime();
      run.run();
      if (i >= 0) {
        secs[i] = (System.nanoTime() - t0) / 1e9;
      }
    }
    Arrays.sort(secs);
    return secs[steps / 2];
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
