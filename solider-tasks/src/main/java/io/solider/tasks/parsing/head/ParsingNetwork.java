package io.solider.tasks.parsing.head;

import io.solider.nn.backbone.BackboneOutputs;
import io.solider.nn.backbone.BackboneRunner;
import io.solider.nn.backbone.SemanticWeights;
import io.solider.nn.blocks.Grid;
import io.solider.nn.extract.InferenceEngine;
import io.solider.nn.head.HeadGraph;
import io.solider.nn.util.NdArrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A {@link ParsingModel} ready for inference at one input size: the backbone on the chosen engine
 * (SameDiff or ONNX Runtime) and the head as an inference-mode SameDiff graph (batch norms with
 * their running statistics, dropout off), as the release's {@code model.eval()}. Not thread-safe.
 */
public final class ParsingNetwork implements AutoCloseable {

  private final BackboneRunner backbone;
  private final HeadGraph head;
  private final int height;
  private final int width;

  /** The network for {@code height × width} inputs. */
  public ParsingNetwork(ParsingModel model, int height, int width, InferenceEngine engine) {
    this.height = height;
    this.width = width;
    Grid[] grids = SchpHead.stageGrids(model.backbone().config(), height, width);
    this.head = SchpHead.graph(model.spec(), grids, model.head(), false);
    this.backbone = engine.open(model.backbone(), height, width);
  }

  public int height() {
    return height;
  }

  public int width() {
    return width;
  }

  /**
   * The head's outputs ({@link SchpHead#PARSING}, {@link SchpHead#FUSION}, {@link SchpHead#EDGE},
   * each (B, channels, h/4, w/4)) for normalised images (B, 3, height, width) at semantic weight λ.
   */
  public Map<String, INDArray> outputs(INDArray images, double lambda) {
    INDArray sw = SemanticWeights.constant(lambda, (int) images.size(0));
    BackboneOutputs out = backbone.forward(images, sw);
    Map<String, INDArray> feats = new LinkedHashMap<>();
    for (int s = 0; s < SchpHead.FEATURES.size(); s++) {
      feats.put(SchpHead.FEATURES.get(s), out.stage(s));
    }
    Map<String, INDArray> y = head.forward(feats, Map.of());
    feats.values().forEach(NdArrays::close);
    NdArrays.close(out.pooled());
    sw.close();
    return y;
  }

  /** The fusion logits (what inference uses) as score maps. */
  public ScoreMaps fusion(INDArray images, double lambda) {
    Map<String, INDArray> y = outputs(images, lambda);
    ScoreMaps s = ScoreMaps.of(y.get(SchpHead.FUSION));
    y.values().forEach(NdArrays::close);
    return s;
  }

  @Override
  public void close() {
    backbone.close();
  }
}
