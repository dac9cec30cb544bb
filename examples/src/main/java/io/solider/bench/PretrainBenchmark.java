package io.solider.bench;

import io.solider.cli.options.ArchitectureOptions;
import io.solider.cli.options.ImageSizeOption;
import io.solider.cli.options.RecomputeOption;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.solider.nn.backbone.SwinConfig;
import io.solider.ssl.augment.MultiCropBatch;
import io.solider.ssl.augment.MultiCropConfig;
import io.solider.nn.train.Position;
import io.solider.ssl.heads.HeadConfig;
import io.solider.ssl.trainer.PretrainConfig;
import io.solider.ssl.trainer.SoliderPretraining;
import io.solider.ssl.trainer.StepStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Times the full SOLIDER pretraining step (teacher passes, clustering, student forward and
 * backward on masked + global + local views, AdamW, EMA) and prints one JSON line: median
 * seconds per step, images/s and peak resident memory. One configuration per process.
 */
@Command(name = "pretrain-step", mixinStandardHelpOptions = true,
    description = "Benchmark the SOLIDER pretraining step, one configuration per run.")
public final class PretrainBenchmark implements Callable<Integer> {

  @Mixin ArchitectureOptions architecture;

  /** The global crops' size; locals are half of it. */
  @Mixin ImageSizeOption size = new ImageSizeOption(256, 128);

  @Mixin RecomputeOption recomputeOption;

  @Option(names = "--trace-every", defaultValue = "0",
      description = "Print the resident memory every this many steps (a memory soak with many --steps). "
          + "Default: ${DEFAULT-VALUE} (off).")
  int traceEvery;

  @Option(names = "--profile", defaultValue = "false",
      description = "Also print the milliseconds per step of each phase (teacher, clustering, student backbone "
          + "forward/backward per crop size, heads and losses, clipping, AdamW, EMA…).")
  boolean profile;

  @Option(names = "--batch", defaultValue = "4", description = "Images per step. Default: ${DEFAULT-VALUE}.")
  int batch;

  @Option(names = "--local-crops", defaultValue = "8", description = "Local crops per image. Default: ${DEFAULT-VALUE}.")
  int localCrops;

  @Option(names = "--out-dim", defaultValue = "65536", description = "DINO head outputs K. Default: ${DEFAULT-VALUE}.")
  int outDim;

  @Option(names = "--steps", defaultValue = "3", description = "Timed steps. Default: ${DEFAULT-VALUE}.")
  int steps;

  @Option(names = "--warmup", defaultValue = "1", description = "Untimed steps first. Default: ${DEFAULT-VALUE}.")
  int warmup;

  @Override
  public Integer call() throws Exception {
    boolean custom = architecture.arch() == ArchitectureOptions.Arch.CUSTOM;
    boolean recompute = recomputeOption.value();
    String arch = architecture.arch().toString();
    String globalSize = size.size().toString();
    int gh = size.height();
    int gw = size.width();
    PretrainConfig cfg = PretrainConfig.release(architecture.config().withDropPathRate(SwinConfig.DEFAULT_DROP_PATH))
        .toBuilder()
        .crops(MultiCropConfig.release().withSizes(gh, gw, gh / 2, gw / 2).withLocalCrops(localCrops))
        .heads(custom ? HeadConfig.dino().withWidths(64, 32).withOutDim(outDim) : HeadConfig.dino().withOutDim(outDim),
            custom ? HeadConfig.partClassifier(3).withWidths(64, 32) : HeadConfig.partClassifier(3))
        .epochs(1, 0).batchSize(batch).build();
    long t0 = System.nanoTime();
    SoliderPretraining run = SoliderPretraining.create(cfg, warmup + steps, recompute);
    double build = (System.nanoTime() - t0) / 1e9;
    Nd4j.getRandom().setSeed(1);
    var c = cfg.crops();
    List<Double> times = new ArrayList<>();
    List<Integer> kept = new ArrayList<>();
    for (int i = 0; i < warmup + steps; i++) {
      INDArray g1 = Nd4j.randn(DataType.FLOAT, batch, 3, c.globalHeight(), c.globalWidth());
      INDArray g2 = Nd4j.randn(DataType.FLOAT, batch, 3, c.globalHeight(), c.globalWidth());
      INDArray l = localCrops > 0
          ? Nd4j.randn(DataType.FLOAT, (long) localCrops * batch, 3, c.localHeight(), c.localWidth()) : null;
      MultiCropBatch b = new MultiCropBatch(g1, g2, l, new int[batch]);
      io.solider.nn.exec.BufferPool.current().resetStatistics();
      long s = System.nanoTime();
      StepStats st = run.step(b, new Position(0, i, i));
      double secs = (System.nanoTime() - s) / 1e9;
      b.close();
      System.gc();
      if (i + 1 == warmup) {
        run.profile().reset();
      }
      if (i >= warmup) {
        times.add(secs);
        kept.add(st.kept());
      }
      if (traceEvery > 0 && (i + 1) % traceEvery == 0) {
        System.out.printf(java.util.Locale.ROOT, "{\"step\":%d,\"rss_mb\":%.1f,\"step_seconds\":%.3f,\"dino_loss\":%.4f}%n",
            i + 1, ResidentMemory.currentBytes() / 1048576.0, secs, st.dinoLoss());
      }
    }
    double[] sorted = times.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double median = sorted[sorted.length / 2];
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("arch", arch);
    out.put("batch", batch);
    out.put("local_crops", localCrops);
    out.put("out_dim", outDim);
    out.put("global_size", globalSize);
    out.put("recompute", recompute);
    if (custom) {
      SwinConfig a = architecture.config();
      out.put("embed_dim", a.embedDim());
      out.put("depths", a.depths());
      out.put("heads", a.numHeads());
    }
    out.put("build_seconds", build);
    out.put("step_seconds", times);
    out.put("median_step_seconds", median);
    out.put("images_per_second", batch / median);
    // The field names every benchmark of docs/PERFORMANCE.md shares.
    out.put("median_s", Math.round(median * 1000) / 1000.0);
    out.put("images_per_s", Math.round(batch / median * 1000) / 1000.0);
    out.put("peak_rss_gb", Math.round(ResidentMemory.peakBytes() / 1e6) / 1000.0);
    // The last step's buffer pool (the training thread's): fresh allocations every step mean a budget below the step's working set.
    var pool = io.solider.nn.exec.BufferPool.current().statistics();
    out.put("pool_capacity_gb", Math.round(pool.capacityBytes() / 1e6) / 1000.0);
    out.put("pool_fresh_gb_per_step", Math.round(pool.missedBytes() / 1e6) / 1000.0);
    out.put("pool_peak_gb", Math.round(pool.peakHeldBytes() / 1e6) / 1000.0);
    out.put("executor", io.solider.nn.exec.GraphExecution.configured().name().toLowerCase(java.util.Locale.ROOT));
    out.put("kept_views", kept);
    if (profile) {
      Map<String, Double> ms = new LinkedHashMap<>();
      run.profile().seconds().forEach((k, v) -> ms.put(k, Math.round(v * 1e4 / steps) / 10.0));
      out.put("phase_ms_per_step", ms);
    }
    out.put("peak_rss_bytes", ResidentMemory.peakBytes());
    out.put("threads", Runtime.getRuntime().availableProcessors());
    System.out.println(new ObjectMapper().writeValueAsString(out));
    return 0;
  }
}
