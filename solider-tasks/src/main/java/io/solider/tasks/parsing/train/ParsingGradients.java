package io.solider.tasks.parsing.train;

import io.solider.nn.backbone.RecomputingBackbone;
import io.solider.nn.backbone.SemanticWeights;
import io.solider.nn.blocks.Grid;
import io.solider.nn.head.BatchStatistics;
import io.solider.nn.head.HeadGradients;
import io.solider.nn.head.HeadGraph;
import io.solider.nn.util.NdArrays;
import io.solider.tasks.parsing.data.ParsingBatch;
import io.solider.tasks.parsing.head.ParsingModel;
import io.solider.tasks.parsing.head.SchpHead;
import io.solider.tasks.parsing.loss.SchpCriterion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The loss of one training batch and its gradient with respect to every model parameter, as
 * train.py computes them before {@code optimizer.step()}: the backbone (activations recomputed in
 * the backward pass, {@link RecomputingBackbone}) and the training-mode head (batch statistics, the
 * fusion's dropout mask given) on the batch, the three outputs upsampled to the label size
 * ({@link LogitResampling}), {@link SchpCriterion} in Java, then its gradients back through the
 * resize, the head and the backbone. Nothing is changed: the caller steps the optimiser and
 * commits the batch statistics.
 */
public final class ParsingGradients {

  private final ParsingModel model;
  private final RecomputingBackbone backbone;
  private final HeadGraph head;
  private final LogitResampling resampling;
  private final SchpCriterion criterion;

  /** The training graphs of {@code model} for {@code height × width} crops. */
  public ParsingGradients(ParsingModel model, int height, int width, SchpCriterion criterion) {
    this.model = model;
    this.backbone = new RecomputingBackbone(model.backbone(), height, width);
    Grid[] grids = SchpHead.stageGrids(model.backbone().config(), height, width);
    this.head = SchpHead.graph(model.spec(), grids, model.head(), true);
    this.resampling = new LogitResampling(grids[0].h(), grids[0].w(), height, width);
    this.criterion = criterion;
  }

  /**
   * What one batch gave.
   *
   * @param loss the criterion's total, terms and gradients at label resolution
   * @param gradients d loss / d parameter by release key: every head parameter and every backbone
   *     key (zeros where the loss does not reach, e.g. the last stage's controller)
   * @param statistics the head's batch-norm statistics, to commit after the optimiser step
   */
  public record Result(SchpCriterion.Result loss, Map<String, INDArray> gradients, BatchStatistics statistics) {}

  /**
   * The loss on {@code batch} at semantic weight λ and its gradients.
   *
   * @param dropoutMask (B, 256) the fusion's Dropout2d mask ({@link io.solider.nn.ops.Dropout2d#mask})
   * @param schp the SCHP model's upsampled outputs in a self-correction cycle, else null
   * @param check called with the criterion's result before any backward work (a NaN stop throws there)
   */
  public Result compute(ParsingBatch batch, double lambda, INDArray dropoutMask, SchpCriterion.SchpTargets schp,
      java.util.function.Consumer<SchpCriterion.Result> check) {
    INDArray images = batch.imageArray();
    INDArray sw = SemanticWeights.constant(lambda, batch.size());
    RecomputingBackbone.ForwardPass fp = backbone.forward(images, sw, null);
    Map<String, INDArray> feats = new LinkedHashMap<>();
    for (int s = 0; s < SchpHead.FEATURES.size(); s++) {
      feats.put(SchpHead.FEATURES.get(s), fp.outputs().stage(s));
    }
    Map<String, INDArray> inputs = Map.of(SchpHead.DROPOUT_MASK, dropoutMask);
    Map<String, INDArray> out = head.forward(feats, inputs);
    SchpCriterion.Outputs up = new SchpCriterion.Outputs(resampling.up(out.get(SchpHead.PARSING)),
        resampling.up(out.get(SchpHead.FUSION)), resampling.up(out.get(SchpHead.EDGE)));
    NdArrays.closeAll(out.values());
    SchpCriterion.Result loss = criterion.compute(up, batch.labels(), schp);
    try {
      check.accept(loss);
      Map<String, INDArray> gradOut = new HashMap<>();
      gradOut.put(SchpHead.PARSING, resampling.down(loss.parsing()));
      gradOut.put(SchpHead.FUSION, resampling.down(loss.fusion()));
      gradOut.put(SchpHead.EDGE, resampling.down(loss.edge()));
      HeadGradients hg = head.backward(feats, inputs, gradOut);
      NdArrays.closeAll(gradOut.values());
      List<INDArray> stageGrads = new ArrayList<>();
      for (String f : SchpHead.FEATURES) {
        stageGrads.add(hg.features().get(f));
      }
      RecomputingBackbone.Gradients bg = backbone.backward(fp, null, stageGrads);
      NdArrays.closeAll(hg.features().values());
      NdArrays.close(bg.input());
      Map<String, INDArray> grads = new LinkedHashMap<>(bg.parameters());
      grads.putAll(hg.parameters());
      return new Result(loss, grads, hg.statistics());
    } finally {
      fp.close();
      NdArrays.close(images);
      NdArrays.close(sw);
    }
  }

  public ParsingModel model() {
    return model;
  }
}
