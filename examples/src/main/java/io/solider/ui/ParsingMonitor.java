package io.solider.ui;

import io.solider.nn.backbone.SwinConfig;
import io.solider.tasks.parsing.train.ParsingStepStats;
import io.solider.tasks.parsing.train.ParsingTraining;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.core.storage.StatsStorageRouter;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.nd4j.linalg.activations.Activation;

/**
 * The parsing run in the DL4J UI ({@link TrainingMonitor}): head groups {@code context_encoding},
 * {@code edge}, {@code decoder} and {@code fushion} (the release's module names); series the
 * Lovász, cross-entropy (or, in self-correction cycles, KL) and edge terms, the learning rate, the
 * gradient norm, the self-correction cycle, and the last evaluation's mIoU and pixel accuracy.
 */
public final class ParsingMonitor extends TrainingMonitor<ParsingTraining, ParsingStepStats> {

  private static final List<String> HEAD = List.of("context_encoding", "edge", "decoder", "fushion");

  public ParsingMonitor(StatsStorageRouter router) {
    super(router, "parsing");
  }

  @Override
  protected String group(String key) {
    String g = ParameterStats.backboneGroup("", key);
    if (g != null) {
      return g;
    }
    return key.substring(0, key.indexOf('.'));
  }

  @Override
  public List<String> groups() {
    return List.of("patch_embed", "stage0", "stage1", "stage2", "stage3", HEAD.get(0), HEAD.get(1), HEAD.get(2),
        HEAD.get(3));
  }

  @Override
  protected ComputationGraphConfiguration modelSketch(ParsingTraining run) {
    SwinConfig arch = run.config().model().arch();
    int classes = run.model().spec().classes();
    int psp = run.model().spec().pspChannels();
    return backboneSketch(arch)
        .addLayer("context_encoding", layer(arch.channels(3), psp, Activation.RELU), "stage3")
        .addLayer("edge", layer(arch.channels(0), 2, Activation.IDENTITY), "stage0")
        .addLayer("decoder", layer(psp, classes, Activation.IDENTITY), "context_encoding")
        .addLayer("fushion", layer(classes, classes, Activation.SOFTMAX), "decoder")
        .setOutputs("fushion", "edge").validateOutputLayerConfig(false).build();
  }

  @Override
  protected Map<String, Double> metrics(ParsingTraining run, ParsingStepStats s) {
    Map<String, Double> m = new LinkedHashMap<>();
    Map<String, Double> t = s.scalars();
    m.put("Lovasz (parsing)", t.get("lovasz_parsing"));
    m.put("Lovasz (fusion)", t.get("lovasz_fusion"));
    if (s.cycle() == 0) {
      m.put("cross-entropy (parsing)", t.get("ce_parsing"));
      m.put("cross-entropy (fusion)", t.get("ce_fusion"));
    } else {
      m.put("KL to SCHP targets (parsing)", t.get("kl_parsing"));
      m.put("KL to SCHP targets (fusion)", t.get("kl_fusion"));
    }
    m.put("edge loss", t.get("edge"));
    m.put("learning rate x1000", s.lr() * 1000);
    m.put("gradient norm", s.gradNorm());
    m.put("self-correction cycle", (double) s.cycle());
    return m;
  }
}
