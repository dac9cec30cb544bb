package io.solider.ui;

import io.solider.nn.train.ParameterGroup;
import io.solider.tasks.reid.train.ReidModel;
import io.solider.tasks.reid.train.ReidStepStats;
import io.solider.tasks.reid.train.ReidTraining;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.core.storage.StatsStorageRouter;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.nd4j.linalg.activations.Activation;

/**
 * The re-id run in the DL4J UI ({@link TrainingMonitor}): head groups {@code bottleneck} and
 * {@code classifier}; series identity (CE) loss, triplet loss, accuracy, learning rate,
 * hardest-positive and hardest-negative distances, gradient norm, and the last evaluation's mAP
 * and rank-1.
 */
public final class ReidMonitor extends TrainingMonitor<ReidTraining, ReidStepStats> {

  public ReidMonitor(StatsStorageRouter router) {
    super(router, "reid");
  }

  @Override
  protected String group(String key) {
    String g = ParameterStats.backboneGroup(ReidModel.BASE, key);
    if (g != null) {
      return g;
    }
    return key.startsWith("bottleneck.") ? "bottleneck" : "classifier";
  }

  @Override
  public List<String> groups() {
    return List.of("patch_embed", "stage0", "stage1", "stage2", "stage3", "bottleneck", "classifier");
  }

  @Override
  protected ComputationGraphConfiguration modelSketch(ReidTraining run) {
    int d = run.config().model().arch().pooledDim();
    return backboneSketch(run.config().model().arch())
        .addLayer("bottleneck", layer(d, d, Activation.IDENTITY), "stage3")
        .addLayer("classifier", layer(d, run.model().head().classes(), Activation.SOFTMAX), "bottleneck")
        .setOutputs("classifier").validateOutputLayerConfig(false).build();
  }

  /** The bias group's rate for {@code _b} groups, the weights' otherwise (the release's two groups). */
  @Override
  protected double learningRate(ReidTraining run, ReidStepStats step, String uiGroup) {
    List<ParameterGroup> groups = run.parameterGroups().groups();
    ParameterGroup g = uiGroup.endsWith("_b") && groups.size() > 1 ? groups.get(1) : groups.get(0);
    return run.learningRate(g, step.position().epoch());
  }

  @Override
  protected Map<String, Double> metrics(ReidTraining run, ReidStepStats s) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("id loss (CE)", s.idLoss());
    m.put("triplet loss", s.tripletLoss());
    m.put("accuracy", s.accuracy());
    m.put("learning rate x1000", s.lr() * 1000);
    m.put("hardest positive distance", s.positiveDistance());
    m.put("hardest negative distance", s.negativeDistance());
    m.put("gradient norm", s.gradNorm());
    return m;
  }
}
