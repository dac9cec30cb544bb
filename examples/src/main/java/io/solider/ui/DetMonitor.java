package io.solider.ui;

import io.solider.tasks.detection.head.CspHead;
import io.solider.tasks.detection.head.CspModel;
import io.solider.tasks.detection.train.CspStepStats;
import io.solider.tasks.detection.train.CspTraining;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.core.storage.StatsStorageRouter;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.nd4j.linalg.activations.Activation;

/**
 * The detection run in the DL4J UI ({@link TrainingMonitor}): head groups {@code neck} and
 * {@code bbox_head}; series centre, scale and offset losses (weighted), learning rate, gradient
 * norm, pedestrians per batch, and the last evaluation's miss rates.
 */
public final class DetMonitor extends TrainingMonitor<CspTraining, CspStepStats> {

  public DetMonitor(StatsStorageRouter router) {
    super(router, "det");
  }

  @Override
  protected String group(String key) {
    String g = ParameterStats.backboneGroup(CspModel.BACKBONE, key);
    if (g != null) {
      return g;
    }
    return key.startsWith(CspHead.NECK + ".") ? "neck" : "bbox_head";
  }

  @Override
  public List<String> groups() {
    return List.of("patch_embed", "stage0", "stage1", "stage2", "stage3", "neck", "bbox_head");
  }

  @Override
  protected ComputationGraphConfiguration modelSketch(CspTraining run) {
    CspHead.Spec s = run.model().spec();
    return backboneSketch(run.config().model().arch())
        .addLayer("neck", layer(s.stageChannels().get(2), s.concatChannels(), Activation.IDENTITY), "stage3")
        .addLayer("bbox_head", layer(s.concatChannels(), 5, Activation.IDENTITY), "neck")
        .setOutputs("bbox_head").validateOutputLayerConfig(false).build();
  }

  @Override
  protected Map<String, Double> metrics(CspTraining run, CspStepStats s) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("centre loss (weighted)", s.centerLoss());
    m.put("scale loss", s.scaleLoss());
    m.put("offset loss (weighted)", s.offsetLoss());
    m.put("learning rate x10000", s.lr() * 1e4);
    m.put("gradient norm", s.gradNorm());
    m.put("pedestrians per batch", (double) s.people());
    return m;
  }
}
