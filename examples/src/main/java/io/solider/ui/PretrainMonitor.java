package io.solider.ui;

import io.solider.ssl.trainer.PretrainConfig;
import io.solider.ssl.trainer.SoliderPretraining;
import io.solider.ssl.trainer.StepStats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.core.storage.StatsStorageRouter;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.nd4j.linalg.activations.Activation;

/**
 * The pretraining run in the DL4J UI ({@link TrainingMonitor}): head groups {@code dino_head} and
 * {@code part_classifier}; series DINO loss, semantic loss, part accuracy, kept views, learning
 * rate, weight decay, teacher momentum and gradient norm.
 */
public final class PretrainMonitor extends TrainingMonitor<SoliderPretraining, StepStats> {

  public PretrainMonitor(StatsStorageRouter router) {
    super(router, "pretrain");
  }

  @Override
  protected String group(String key) {
    String g = ParameterStats.backboneGroup("backbone.", key);
    if (g != null) {
      return g;
    }
    return key.startsWith("head.") ? "dino_head" : "part_classifier";
  }

  @Override
  public List<String> groups() {
    return List.of("patch_embed", "stage0", "stage1", "stage2", "stage3", "dino_head", "part_classifier");
  }

  @Override
  protected ComputationGraphConfiguration modelSketch(SoliderPretraining run) {
    PretrainConfig cfg = run.config();
    int d = cfg.arch().pooledDim();
    return backboneSketch(cfg.arch())
        .addLayer("dino_head", layer(d, cfg.heads().dino().outDim(), Activation.SOFTMAX), "stage3")
        .addLayer("part_classifier", layer(d, cfg.heads().part().outDim(), Activation.SOFTMAX), "stage3")
        .setOutputs("dino_head", "part_classifier").validateOutputLayerConfig(false).build();
  }

  @Override
  protected Map<String, Double> metrics(SoliderPretraining run, StepStats s) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("dino loss", s.dinoLoss());
    m.put("semantic loss", s.semanticLoss());
    m.put("part accuracy", Double.isNaN(s.partAccuracy()) ? 0.0 : s.partAccuracy());
    m.put("kept views", (double) s.kept());
    m.put("learning rate x1000", s.lr() * 1000);
    m.put("weight decay", s.weightDecay());
    m.put("teacher momentum", s.momentum());
    m.put("gradient norm (all)", s.gradNorm());
    return m;
  }
}
