package io.solider.bench;

import io.solider.cli.options.ArchitectureOptions;
import io.solider.cli.options.BatchSizeOption;
import io.solider.cli.options.ImageSizeOption;
import io.solider.cli.options.RecomputeOption;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.solider.nn.backbone.Backbone;
import io.solider.nn.backbone.BackboneGraph;
import io.solider.nn.backbone.BackboneMode;
import io.solider.nn.backbone.RecomputingBackbone;
import io.solider.nn.backbone.SemanticWeights;
import io.solider.nn.backbone.SwinBackbone;
import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.exec.BufferPool;
import io.solider.nn.exec.GraphRunner;
import io.solider.nn.optim.AdamW;
import io.solider.nn.util.GradientFunctions;
import io.solider.nn.util.NdArrays;
import io.solider.nn.util.SameDiffSessions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Times a full backbone training step: forward, backward (recomputed per block by default) and
 * AdamW on every backbone parameter, with the release's drop path. Loss = Σ pooled · R with a
 * fixed random R (B, 8C), so d loss / d pooled = R. Prints a resident-memory trace line every
 * {@code --trace-every} steps and one JSON summary line at the end.
 */
@Command(name = "train-step", mixinStandardHelpOptions = true,
    description = "Benchmark a full training step (forward, backward, AdamW) with a resident-memory trace.")
public final class TrainStepBenchmark implements Callable<Integer> {

  @Mixin ArchitectureOptions architecture;

  @Mixin BatchSizeOption batchSize = new BatchSizeOption(16);

  @Mixin ImageSizeOption size = new ImageSizeOption(256, 128);

  @Mixin RecomputeOption recompute;

  @Option(names = "--steps", defaultValue = "5", description = "Timed steps (median reported). Default: ${DEFAULT-VALUE}.")
  int steps;

  @Option(names = "--warmup", defaultValue = "1", description = "Untimed steps first. Default: ${DEFAULT-VALUE}.")
  int warmup;

  @Option(names = "--trace-every", defaultValue = "50",
      description = "Print resident memory every N steps (0: never). Default: ${DEFAULT-VALUE}.")
  int traceEvery;


  @Option(names = "--drop-path", defaultValue = "0.1", description = "Drop-path rate of the last block. Default: ${DEFAULT-VALUE}.")
  double dropPath;

  @Option(names = "--lr", defaultValue = "5e-4", description = "AdamW learning rate. Default: ${DEFAULT-VALUE}.")
  double lr;

  @Option(names = "--weight-decay", defaultValue = "0.04", description = "AdamW weight decay. Default: ${DEFAULT-VALUE}.")
  double weightDecay;

  @Option(names = "--clip", defaultValue = "0", description = "Per-parameter gradient clip norm (0: none). Default: ${DEFAULT-VALUE}.")
  double clip;

  @Option(names = "--gc-every", defaultValue = "1",
      description = "System.gc() after every N steps, inside the timing (0: never). Default: ${DEFAULT-VALUE}.")
  int gcEvery;

  @Option(names = "--gc-every-segment",
      description = "System.gc() after every segment of the recomputed backward pass (bounds the peak at real sizes).")
  boolean gcEverySegment;

  @Option(names = "--close", defaultValue = "true", negatable = true,
      description = "Close each step's arrays (gradients, forward pass) instead of leaving them to the GC. Default: ${DEFAULT-VALUE}.")
  boolean close;

  @Override
  public Integer call() throws Exception {
    int batch = batchSize.value();
    int height = size.height();
    int width = size.width();
    boolean wholeGraph = !recompute.value();
    String arch = architecture.arch().toString();
    if (batch < 1 || steps < 1 || warmup < 0) {
      throw new IllegalArgumentException("--batch and --steps must be at least 1 and --warmup at least 0");
    }
    SwinConfig cfg = config().withDropPathRate(dropPath);
    Backbone backbone = Backbone.initialized(cfg, 0);
    Map<String, INDArray> params = backbone.parameters();
    Nd4j.getRandom().setSeed(1);
    INDArray x = Nd4j.randn(DataType.FLOAT, batch, 3, height, width);
    INDArray sw = SemanticWeights.constant(0.5, batch);
    INDArray r = Nd4j.randn(DataType.FLOAT, batch, cfg.pooledDim());
    Step step = wholeGraph ? new WholeGraphStep(backbone, r) : new RecomputedStep(backbone, r);
    AdamW adamW = AdamW.torchDefaults();
    List<String> names = new ArrayList<>(params.keySet());
    SplittableRandom rng = new SplittableRandom(7);
    double[] secs = new double[steps];
    double loss = Double.NaN;
    BufferPool.Statistics pool = null;
    System.out.printf("train-step %s C=%d batch %d at %dx%d, %s, drop path %.2f, %d parameters%n", arch,
        cfg.embedDim(), batch, height, width, wholeGraph ? "whole graph" : "recomputed per block", dropPath,
        params.values().stream().mapToLong(INDArray::length).sum());
    for (int i = -warmup; i < steps; i++) {
      long t0 = System.nanoTime();
      INDArray keep = dropPathKeep(cfg, batch, rng);
      StepResult res = step.run(x, sw, keep);
      loss = res.loss;
      if (clip > 0) {
        AdamW.clipPerParameter(res.grads, clip);
      }
      adamW.step(params, res.grads, names, lr, weightDecay);
      if (close) {
        NdArrays.closeAll(res.grads.values());
        keep.close();
      }
      int done = i + warmup + 1;
      if (gcEvery > 0 && done % gcEvery == 0) {
        System.gc();
      }
      double s = (System.nanoTime() - t0) / 1e9;
      if (i >= 0) {
        secs[i] = s;
      }
      pool = BufferPool.current().statistics();
      BufferPool.current().resetStatistics();
      if (traceEvery > 0 && (done == 1 || done % traceEvery == 0)) {
        System.out.printf("step %d  rss %.3f GB  peak %.3f GB  step %.2f s  loss %.4f  pool: %d of %d buffers fresh (%.2f GB), held at most %.2f GB%n",
            done, ResidentMemory.currentBytes() / 1e9, ResidentMemory.peakBytes() / 1e9, s, loss, pool.misses(),
            pool.hits() + pool.misses(), pool.missedBytes() / 1e9, pool.peakHeldBytes() / 1e9);
      }
    }
    double[] sorted = secs.clone();
    Arrays.sort(sorted);
    double median = sorted[sorted.length / 2];
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("arch", arch);
    out.put("embed_dim", cfg.embedDim());
    out.put("mode", wholeGraph ? "whole-graph" : "recompute");
    out.put("batch", batch);
    out.put("input", height + "x" + width);
    out.put("steps", steps);
    out.put("median_s", round(median));
    out.put("min_s", round(sorted[0]));
    out.put("images_per_s", round(batch / median));
    out.put("peak_rss_gb", round(ResidentMemory.peakBytes() / 1e9));
    out.put("final_rss_gb", round(ResidentMemory.currentBytes() / 1e9));
    out.put("loss", round(loss));
    // The last step's pool: fresh allocations every step mean the pool is smaller than the step's working set.
    out.put("pool_capacity_gb", round(pool.capacityBytes() / 1e9));
    out.put("pool_fresh_gb_per_step", round(pool.missedBytes() / 1e9));
    out.put("pool_peak_gb", round(pool.peakHeldBytes() / 1e9));
    out.put("gc_every", gcEvery);
    out.put("close", close);
    out.put("gc_every_segment", gcEverySegment);
    out.put("threads", Runtime.getRuntime().availableProcessors());
    System.out.println(new ObjectMapper().writeValueAsString(out));
    return 0;
  }

  private SwinConfig config() {
    return architecture.config();
  }

  /** Per-sample drop-path scales as {@link BackboneGraph#dropPathKeep} draws them, without building a graph. */
  private static INDArray dropPathKeep(SwinConfig cfg, int batch, SplittableRandom rng) {
    double[] rates = cfg.blockDropPathRates();
    float[] v = new float[batch * 2 * rates.length];
    for (int b = 0; b < batch; b++) {
      for (int k = 0; k < 2 * rates.length; k++) {
        double p = rates[k / 2];
        v[b * 2 * rates.length + k] = p == 0 ? 1f : rng.nextDouble() < p ? 0f : (float) (1 / (1 - p));
      }
    }
    return Nd4j.create(v, new long[] {batch, 2L * rates.length}, 'c');
  }

  private record StepResult(Map<String, INDArray> grads, double loss) {}

  private interface Step {
    StepResult run(INDArray x, INDArray sw, INDArray keep);
  }

  /** Forward without activations, then per-block recomputation in the backward pass. */
  private final class RecomputedStep implements Step {
    private final RecomputingBackbone net;
    private final INDArray r;

    RecomputedStep(Backbone backbone, INDArray r) {
      this.net = new RecomputingBackbone(backbone, size.height(), size.width()).collectGarbageEverySegment(gcEverySegment);
      this.r = r;
    }

    @Override
    public StepResult run(INDArray x, INDArray sw, INDArray keep) {
      RecomputingBackbone.ForwardPass f = net.forward(x, sw, keep);
      double loss = f.outputs().pooled().mul(r).sumNumber().doubleValue();
      RecomputingBackbone.Gradients g = net.backward(f, r, null);
      if (close) {
        f.close();
        g.input().close();
      }
      return new StepResult(g.parameters(), loss);
    }
  }

  /** The whole training graph differentiated at once (every activation held). */
  private final class WholeGraphStep implements Step {
    private final SameDiff sd;
    private final GraphRunner runner;
    private final List<String> wanted;

    WholeGraphStep(Backbone backbone, INDArray r) {
      BackboneGraph graph = backbone.graph(size.height(), size.width(), BackboneMode.TRAINING);
      this.sd = graph.sameDiff();
      SDVariable loss = sd.getVariable(SwinBackbone.POOLED).mul(sd.constant("loss_r", r)).sum();
      sd.identity("loss", loss);
      sd.setLossVariables("loss");
      GradientFunctions.create(sd);
      runner = GraphRunner.of(sd);
      wanted = new ArrayList<>(backbone.parameters().keySet());
      // Parameters the loss does not reach have no gradient in the whole graph.
      wanted.removeIf(k -> k.startsWith("semantic_embed_w.3") || k.startsWith("semantic_embed_b.3")
          || k.matches("norm[012]\\..*"));
    }

    @Override
    public StepResult run(INDArray x, INDArray sw, INDArray keep) {
      Map<String, INDArray> ph = new LinkedHashMap<>();
      ph.put(SwinBackbone.INPUT, x);
      ph.put(SwinBackbone.SEMANTIC_WEIGHT, sw);
      ph.put(SwinBackbone.DROP_PATH_KEEP, keep);
      Map<String, INDArray> grads = new LinkedHashMap<>(runner.gradients(ph, wanted));
      SameDiffSessions.clear(sd);
      return new StepResult(grads, Double.NaN);
    }
  }

  private static double round(double v) {
    return Math.round(v * 10000) / 10000.0;
  }
}
