package io.solider.ui;

import io.solider.tasks.search.head.SearchModel;
import io.solider.tasks.search.train.SearchStepStats;
import io.solider.tasks.search.train.SearchTraining;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.core.storage.StatsStorageRouter;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.nd4j.linalg.activations.Activation;

/**
 * The person-search run in the DL4J UI ({@link TrainingMonitor}): the trunk's stages (the box head
 * is its stage 3), then the head groups {@code rpn}, {@code faster_rcnn_predictor},
 * {@code reid_head} (the re-id copy of stages 2–3), {@code box_predictor} and
 * {@code embedding_head}; series: the seven loss terms, learning rate, gradient norm, positive RoIs
 * of both stages, and the last evaluation's numbers.
 */
public final class SearchMonitor extends TrainingMonitor<SearchTraining, SearchStepStats> {

  public SearchMonitor(StatsStorageRouter router) {
    super(router, "search");
  }

  @Override
  protected String group(String key) {
    String g = ParameterStats.backboneGroup(SearchModel.TRUNK, key);
    if (g != null) {
      return g;
    }
    if (key.startsWith(SearchModel.REID_HEAD)) {
      return "reid_head";
    }
    if (key.startsWith("rpn.")) {
      return "rpn";
    }
    String[] parts = key.split("\\.");
    return parts.length > 1 ? parts[1] : parts[0];
  }

  @Override
  public List<String> groups() {
    return List.of("patch_embed", "stage0", "stage1", "stage2", "stage3", "rpn", "faster_rcnn_predictor",
        "reid_head", "box_predictor", "embedding_head");
  }

  @Override
  protected ComputationGraphConfiguration modelSketch(SearchTraining run) {
    int c4 = run.model().arch().channels(2);
    int c8 = run.model().arch().channels(3);
    return backboneSketch(run.model().arch())
        .addLayer("rpn", layer(c4, 75, Activation.IDENTITY), "stage2")
        .addLayer("faster_rcnn_predictor", layer(c8, 10, Activation.IDENTITY), "stage3")
        .addLayer("reid_head", layer(c4, c8, Activation.IDENTITY), "stage2")
        .addLayer("box_predictor", layer(c8, 8, Activation.IDENTITY), "reid_head")
        .addLayer("embedding_head", layer(c8, 256, Activation.IDENTITY), "reid_head")
        .setOutputs("rpn", "faster_rcnn_predictor", "box_predictor", "embedding_head")
        .validateOutputLayerConfig(false).build();
  }

  @Override
  protected Map<String, Double> metrics(SearchTraining run, SearchStepStats s) {
    Map<String, Double> m = new LinkedHashMap<>(s.losses());
    m.put("learning rate x1000", s.lr() * 1000);
    m.put("gradient norm", s.gradNorm());
    m.put("positive RoIs (stage 1)", (double) s.firstStagePositives());
    m.put("positive RoIs (stage 2)", (double) s.secondStagePositives());
    return m;
  }
}
