package io.solider.bench;

import io.solider.cli.options.ArchitectureOptions;
import io.solider.cli.options.BatchSizeOption;
import io.solider.cli.options.EngineOptions;
import io.solider.cli.options.ImageSizeOption;
import io.solider.cli.options.ModeOption;
import io.solider.cli.options.RecomputeOption;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.solider.nn.backbone.Backbone;
import io.solider.nn.backbone.BackboneGraph;
import io.solider.nn.backbone.BackboneMode;
import io.solider.nn.backbone.BackboneRunner;
import io.solider.nn.backbone.RecomputingBackbone;
import io.solider.nn.backbone.SemanticWeights;
import io.solider.nn.backbone.SwinBackbone;
import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.exec.BufferPool;
import io.solider.nn.exec.GraphExecution;
import io.solider.nn.exec.GraphRunner;
import io.solider.nn.exec.OpProfile;
import io.solider.nn.extract.InferenceEngine;
import io.solider.nn.onnx.OnnxOutputs;
import io.solider.nn.onnx.OnnxRuntimeBackbone;
import io.solider.nn.profile.OpTimingListener;
import io.solider.nn.util.GradientFunctions;
import io.solider.nn.util.NdArrays;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Times the backbone in one configuration and prints one JSON line: median seconds per batch,
 * images/s and peak resident memory. One configuration per process, so that the peak belongs to
 * it; {@code bench/backbone.sh} runs the matrix.
 */
@Command(name = "backbone", mixinStandardHelpOptions = true,
    description = "Benchmark the backbone: inference or training step (forward+backward), one configuration per run.")
public final class BackboneBenchmark implements Callable<Integer> {

  @Mixin ArchitectureOptions architecture;

  @Mixin BatchSizeOption batchSize = new BatchSizeOption(8);

  @Mixin ImageSizeOption size = new ImageSizeOption(256, 128);

  @Mixin ModeOption mode;

  @Mixin EngineOptions engine;

  @Mixin RecomputeOption recompute;

  @Option(names = "--warmup", defaultValue = "3", description = "Untimed runs. Default: ${DEFAULT-VALUE}.")
  int warmup;

  @Option(names = "--iterations", defaultValue = "10", description = "Timed runs (median reported). Default: ${DEFAULT-VALUE}.")
  int iterations;

  @Option(names = "--gc", defaultValue = "true", negatable = true,
      description = "System.gc() between runs (outside the timing), as ND4J frees SameDiff arrays via GC.")
  boolean gc;

  @Option(names = "--profile", description = "Also report the op types taking the most time.")
  boolean profile;

  @Option(names = "--executor", paramLabel = "NAME", converter = ExecutorConverter.class,
      description = "SameDiff engine's executor: planned or samediff. "
          + "Default: -Dsolider.executor / SOLIDER_EXECUTOR, else planned.")
  GraphExecution executor;

  /** {@code --executor} values in any case. */
  static final class ExecutorConverter implements picocli.CommandLine.ITypeConverter<GraphExecution> {
    @Override
    public GraphExecution convert(String value) {
      for (GraphExecution e : GraphExecution.values()) {
        if (e.name().equalsIgnoreCase(value.trim())) {
          return e;
        }
      }
      throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not one of planned, samediff");
    }
  }

  @Override
  public Integer call() throws Exception {
    boolean train = mode.training();
    int batch = batchSize.value();
    int height = size.height();
    int width = size.width();
    SwinConfig cfg = architecture.config().withDropPathRate(0);
    Backbone backbone = Backbone.initialized(cfg, 0);
    InferenceEngine eng = engine.engine();
    if (train && eng != InferenceEngine.SAMEDIFF) {
      throw new IllegalArgumentException("--engine onnxruntime runs inference only; training uses samediff");
    }
    GraphExecution exec = executor == null ? GraphExecution.configured() : executor;
    Nd4j.getRandom().setSeed(1);
    INDArray x = Nd4j.randn(DataType.FLOAT, batch, 3, height, width);
    INDArray sw = SemanticWeights.constant(0.5, batch);
    INDArray gradPooled = Nd4j.ones(DataType.FLOAT, batch, cfg.pooledDim());
    OpTimingListener timing = new OpTimingListener(true);
    OpProfile opProfile = new OpProfile();
    Runnable step;
    BackboneRunner ort = null;
    if (eng == InferenceEngine.ONNXRUNTIME) {
      ort = eng.open(backbone, height, width);
      if (ort instanceof OnnxRuntimeBackbone o) {
        o.prepare(OnnxOutputs.POOLED); // the export is not part of the timed passes
      }
      BackboneRunner r = ort;
      step = () -> NdArrays.close(r.pooled(x, sw));
    } else {
      BackboneGraph graph = backbone.graph(height, width, train ? BackboneMode.TRAINING : BackboneMode.INFERENCE);
      SameDiff sd = graph.sameDiff();
      Map<String, INDArray> ph = graph.placeholders(x, sw, null);
      List<String> params = new ArrayList<>(backbone.parameters().keySet());
      // The last stage's controller never reaches an output: it has no gradient.
      params.removeIf(k -> k.startsWith("semantic_embed_w.3") || k.startsWith("semantic_embed_b.3")
          || k.matches("norm[012]\\..*"));
      if (train) {
        sd.getVariable(SwinBackbone.POOLED).sum("loss");
        sd.setLossVariables("loss");
        GradientFunctions.create(sd);
      }
      if (profile && exec == GraphExecution.SAMEDIFF) {
        sd.setListeners(timing);
      }
      GraphRunner runner = profile && exec == GraphExecution.PLANNED ? GraphExecution.profiledRunner(sd, opProfile)
          : exec.runner(sd);
      RecomputingBackbone recomputing = train && recompute.value() ? new RecomputingBackbone(backbone, height, width) : null;
      if (recomputing != null) {
        step = () -> {
          RecomputingBackbone.ForwardPass f = recomputing.forward(x, sw, null);
          NdArrays.closeAll(recomputing.backward(f, gradPooled, null).parameters().values());
          f.close();
        };
      } else if (train) {
        step = () -> NdArrays.closeAll(runner.gradients(ph, params).values());
      } else {
        step = () -> NdArrays.closeAll(runner.output(ph, List.of(SwinBackbone.POOLED)).values());
      }
    }
    double[] secs = new double[iterations];
    double[] cpu = new double[iterations];
    var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    for (int i = -warmup; i < iterations; i++) {
      if (i == 0) {
        timing.reset();
        opProfile.reset();
      }
      long t0 = System.nanoTime();
      long c0 = os.getProcessCpuTime();
      BufferPool.current().resetStatistics();
      step.run();
      long t = System.nanoTime() - t0;
      if (i >= 0) {
        secs[i] = t / 1e9;
        cpu[i] = (os.getProcessCpuTime() - c0) / 1e9;
      }
      if (gc) {
        System.gc();
      }
    }
    if (ort != null) {
      ort.close();
    }
    double[] sorted = secs.clone();
    Arrays.sort(sorted);
    double median = sorted[sorted.length / 2];
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("arch", architecture.arch().toString());
    r.put("mode", (train ? "train" : "inference") + (train && recompute.value() ? "+recompute" : ""));
    r.put("engine", eng.name().toLowerCase(java.util.Locale.ROOT));
    if (eng == InferenceEngine.SAMEDIFF) {
      r.put("executor", exec.name().toLowerCase(java.util.Locale.ROOT));
    }
    r.put("batch", batch);
    r.put("input", height + "x" + width);
    r.put("median_s", round(median));
    r.put("min_s", round(sorted[0]));
    r.put("images_per_s", round(batch / median));
    double[] cpuSorted = cpu.clone();
    Arrays.sort(cpuSorted);
    // CPU seconds of the whole process per run: less sensitive than wall time to other load.
    r.put("cpu_s", round(cpuSorted[cpuSorted.length / 2]));
    r.put("peak_rss_gb", round(ResidentMemory.peakBytes() / 1e9));
    r.put("threads", Runtime.getRuntime().availableProcessors());
    if (eng == InferenceEngine.SAMEDIFF && exec == GraphExecution.PLANNED) {
      // The last pass's pool: fresh allocations every pass mean the pool is smaller than the pass's working set.
      BufferPool.Statistics pool = BufferPool.current().statistics();
      r.put("pool_capacity_gb", round(pool.capacityBytes() / 1e9));
      r.put("pool_fresh_gb_per_run", round(pool.missedBytes() / 1e9));
      r.put("pool_peak_gb", round(pool.peakHeldBytes() / 1e9));
    }
    if (profile && eng == InferenceEngine.SAMEDIFF && exec == GraphExecution.SAMEDIFF) {
      Map<String, Object> ops = new LinkedHashMap<>();
      double total = timing.ranking().stream().mapToLong(OpTimingListener.OpTime::nanos).sum();
      timing.ranking().stream().limit(14).forEach(o ->
          ops.put(o.op(), round(100 * o.nanos() / total) + "% (" + o.calls() / iterations + " calls/run)"));
      r.put("top_ops", ops);
    } else if (profile && eng == InferenceEngine.SAMEDIFF) {
      r.putAll(OpProfiles.summary(opProfile, iterations));
    }
    System.out.println(new ObjectMapper().writeValueAsString(r));
    return 0;
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
