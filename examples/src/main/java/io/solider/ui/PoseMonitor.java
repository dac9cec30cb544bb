package io.solider.ui;

import io.solider.tasks.pose.head.PoseHead;
import io.solider.tasks.pose.head.PoseModel;
import io.solider.tasks.pose.train.PoseStepStats;
import io.solider.tasks.pose.train.PoseTraining;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.core.storage.StatsStorageRouter;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.nd4j.linalg.activations.Activation;

/**
 * The pose run in the DL4J UI ({@link TrainingMonitor}): head groups {@code deconv} (transposed
 * convolution and its batch norm) and {@code final_layer}; series heatmap loss (×1000: the joints
 * MSE is of order 1e-3), PCK accuracy ({@code acc_pose}), learning rate, gradient norm, and the last
 * evaluation's OKS AP and AR.
 */
public final class PoseMonitor extends TrainingMonitor<PoseTraining, PoseStepStats> {

  public PoseMonitor(StatsStorageRouter router) {
    super(router, "pose");
  }

  @Override
  protected String group(String key) {
    String g = ParameterStats.backboneGroup(PoseModel.BACKBONE, key);
    if (g != null) {
      return g;
    }
    return key.startsWith(PoseHead.PREFIX + "deconv_layers.") ? "deconv" : "final_layer";
  }

  @Override
  public List<String> groups() {
    return List.of("patch_embed", "stage0", "stage1", "stage2", "stage3", "deconv", "final_layer");
  }

  @Override
  protected ComputationGraphConfiguration modelSketch(PoseTraining run) {
    int c = run.model().backbone().config().channels(PoseHead.STAGE);
    return backboneSketch(run.model().backbone().config())
        .addLayer("deconv", layer(c, PoseHead.FILTERS, Activation.RELU), "stage3")
        .addLayer("final_layer", layer(PoseHead.FILTERS, PoseHead.JOINTS, Activation.IDENTITY), "deconv")
        .setOutputs("final_layer").validateOutputLayerConfig(false).build();
  }

  @Override
  protected Map<String, Double> metrics(PoseTraining run, PoseStepStats s) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("heatmap loss x1000", s.loss() * 1000);
    m.put("PCK accuracy (acc_pose)", s.accuracy());
    m.put("learning rate x1000", s.lr() * 1000);
    m.put("gradient norm", s.gradNorm());
    return m;
  }
}
