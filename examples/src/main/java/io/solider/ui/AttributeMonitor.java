package io.solider.ui;

import io.solider.tasks.attribute.train.AttributeModel;
import io.solider.tasks.attribute.train.AttributeStepStats;
import io.solider.tasks.attribute.train.AttributeTraining;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.core.storage.StatsStorageRouter;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.nd4j.linalg.activations.Activation;

/**
 * The attribute run in the DL4J UI ({@link TrainingMonitor}): head group {@code classifier};
 * series batch accuracy, the two groups' learning rates, gradient norm, and after each epoch the
 * test split's loss and mA (what the plateau and the best model follow) and the best mA so far.
 */
public final class AttributeMonitor extends TrainingMonitor<AttributeTraining, AttributeStepStats> {

  public AttributeMonitor(StatsStorageRouter router) {
    super(router, "attribute");
  }

  @Override
  protected String group(String key) {
    String g = ParameterStats.backboneGroup(AttributeModel.BACKBONE, key);
    return g != null ? g : "classifier";
  }

  @Override
  public List<String> groups() {
    return List.of("patch_embed", "stage0", "stage1", "stage2", "stage3", "classifier");
  }

  @Override
  protected ComputationGraphConfiguration modelSketch(AttributeTraining run) {
    int d = run.config().model().arch().pooledDim();
    return backboneSketch(run.config().model().arch())
        .addLayer("classifier", layer(d, run.model().head().attributes(), Activation.SIGMOID), "stage3")
        .setOutputs("classifier").validateOutputLayerConfig(false).build();
  }

  /** The head's rate ({@code LR_NEW}) for the classifier, the backbone's ({@code LR_FT}) otherwise. */
  @Override
  protected double learningRate(AttributeTraining run, AttributeStepStats step, String uiGroup) {
    return uiGroup.startsWith("classifier") ? step.headLr() : step.lr();
  }

  @Override
  protected Map<String, Double> metrics(AttributeTraining run, AttributeStepStats s) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("batch accuracy", s.accuracy());
    m.put("learning rate x1e5 (backbone)", s.lr() * 1e5);
    m.put("learning rate x1e5 (head)", s.headLr() * 1e5);
    m.put("gradient norm", s.gradNorm());
    AttributeTraining.EpochTest t = run.lastTest();
    if (t != null) {
      m.put("test loss (last epoch)", t.loss());
      m.put("test mA (last epoch)", t.evaluation().mA());
      m.put("best test mA", run.best().value());
    }
    return m;
  }
}
