package io.solider.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.solider.nn.optim.AdamW;
import io.solider.nn.profile.OpTimingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.nativeblas.NativeOpsHolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The six-block probe: the workload of {@code bench/swin_blocks_torch.py} (Swin-T stage-3 blocks
 * on tokens (64, 49, 384)) built with the backbone's block code and the script's weights. Checks
 * the output and recorded gradients against the script's reference, then times forward,
 * forward+backward and forward+backward+Adam and prints one JSON line with the peak RSS.
 */
@Command(name = "probe", mixinStandardHelpOptions = true,
    description = "Six Swin blocks against the PyTorch reference of bench/swin_blocks_torch.py: check, then time.")
public final class ProbeBenchmark implements Callable<Integer> {

  @Option(names = "--reference", defaultValue = "/tmp/swin_blocks_ref",
      description = "Directory written by swin_blocks_torch.py --gelu erf --gen. Default: ${DEFAULT-VALUE}.")
  Path reference;

  @Option(names = "--backward", defaultValue = "whole",
      description = "whole (one graph) or per-block (recompute one block at a time). Default: ${DEFAULT-VALUE}.")
  String backward;

  @Option(names = "--warmup", defaultValue = "3", description = "Untimed runs. Default: ${DEFAULT-VALUE}.")
  int warmup;

  @Option(names = "--iterations", defaultValue = "10", description = "Timed runs (median). Default: ${DEFAULT-VALUE}.")
  int iterations;

  @Option(names = "--gc", defaultValue = "true", negatable = true,
      description = "System.gc() after each run (outside the timing): ND4J frees SameDiff arrays via GC.")
  boolean gc;

  @Option(names = "--lr", defaultValue = "1e-4", description = "Adam learning rate (as the script). Default: ${DEFAULT-VALUE}.")
  double lr;

  @Option(names = "--profile",
      description = "Instead of timing, report the op types (matmuls by shape) taking the most time in forward+backward; whole graph only.")
  boolean profile;

  @Override
  public Integer call() throws Exception {
    SwinBlockStack stack = SwinBlockStack.of(reference);
    StackRunner runner = switch (backward) {
      case "whole" -> new WholeStack(stack);
      case "per-block" -> new PerBlockStack(stack);
      default -> throw new IllegalArgumentException("--backward must be whole or per-block, got " + backward);
    };
    if (!ProbeCheck.sameRelativeIndex(stack)) {
      throw new IllegalStateException("relidx.npy differs from WindowGeometry.relativePositionIndex("
          + stack.window() + ")");
    }
    INDArray x = stack.input();
    INDArray g = stack.lossWeights();
    double outErr = ProbeCheck.outputError(stack, runner.forward(x));
    Map<String, Double> gradErr = ProbeCheck.gradientErrors(stack, runner.gradients(x, g));
    Map<String, Object> check = new LinkedHashMap<>();
    check.put("output_rel_err", outErr);
    check.putAll(gradErr);
    System.out.println(new ObjectMapper().writeValueAsString(Map.of("check", check)));
    ProbeCheck.require(outErr, gradErr);

    if (profile) {
      return profile(runner, x, g);
    }
    AdamW adam = AdamW.torchDefaults();
    Map<String, INDArray> params = runner.parameters();
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("probe", "swin_blocks");
    r.put("backward", backward);
    r.put("shape", Arrays.asList(stack.windows(), stack.window() * stack.window(), stack.dim()));
    r.put("depth", stack.depth());
    double[] fwd = time(() -> runner.forward(x));
    double[] bwd = time(() -> runner.gradients(x, g));
    double[] step = time(() -> adam.step(params, runner.gradients(x, g), params.keySet(), lr, 0));
    r.put("fwd_ms", fwd[0]);
    r.put("fwd_bwd_ms", bwd[0]);
    r.put("fwd_bwd_adam_ms", step[0]);
    // Process CPU time per run: less sensitive than wall time to other jobs on a shared machine.
    r.put("fwd_cpu_ms", fwd[1]);
    r.put("fwd_bwd_cpu_ms", bwd[1]);
    r.put("fwd_bwd_adam_cpu_ms", step[1]);
    r.put("peak_rss_gb", round(ResidentMemory.peakBytes() / 1e9, 1000));
    r.put("onednn", NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo().contains("HAVE_ONEDNN"));
    r.put("omp_threads", System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
    r.put("loadavg", Files.readString(Path.of("/proc/loadavg")).trim());
    System.out.println(new ObjectMapper().writeValueAsString(r));
    return 0;
  }

  private int profile(StackRunner runner, INDArray x, INDArray g) throws Exception {
    if (!(runner instanceof WholeStack whole)) {
      throw new IllegalArgumentException("--profile needs --backward whole");
    }
    OpTimingListener timing = new OpTimingListener(true);
    whole.sameDiff().setListeners(timing);
    for (int i = 0; i < Math.max(1, iterations); i++) {
      runner.gradients(x, g);
      System.gc();
    }
    double total = timing.ranking().stream().mapToLong(OpTimingListener.OpTime::nanos).sum();
    Map<String, Object> ops = new LinkedHashMap<>();
    timing.ranking().stream().limit(25).forEach(o -> ops.put(o.op(), round(100 * o.nanos() / total, 10) + "% ("
        + o.calls() / Math.max(1, iterations) + " calls, " + round(o.nanos() / 1e6 / Math.max(1, iterations), 1) + " ms)"));
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("fwd_bwd_op_ms", round(total / 1e6 / Math.max(1, iterations), 1));
    r.put("top_ops", ops);
    r.put("loadavg", Files.readString(Path.of("/proc/loadavg")).trim());
    System.out.println(new ObjectMapper().writeValueAsString(r));
    return 0;
  }

  /** Median wall and process-CPU milliseconds of the runs after the warm-ups. */
  private double[] time(Runnable run) {
    var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean();
    double[] ms = new double[iterations];
    double[] cpu = new double[iterations];
    for (int i = -warmup; i < iterations; i++) {
      long t0 = System.nanoTime();
      long c0 = os.getProcessCpuTime();
      run.run();
      long t = System.nanoTime() - t0;
      if (i >= 0) {
        ms[i] = t / 1e6;
        cpu[i] = (os.getProcessCpuTime() - c0) / 1e6;
      }
      if (gc) {
        System.gc();
      }
    }
    return new double[] {median(ms), median(cpu)};
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return round(n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2, 10);
  }

  private static double round(double v, double scale) {
    return Math.round(v * scale) / scale;
  }
}
