package io.solider.tasks.parsing.train;

import io.solider.nn.backbone.BackboneGraph;
import io.solider.nn.backbone.BackboneMode;
import io.solider.nn.backbone.BackboneOutputs;
import io.solider.nn.backbone.SemanticWeights;
import io.solider.nn.blocks.Grid;
import io.solider.nn.blocks.ParameterStore;
import io.solider.nn.head.BatchStatistics;
import io.solider.nn.head.HeadGraph;
import io.solider.nn.util.NdArrays;
import io.solider.tasks.parsing.data.ParsingBatch;
import io.solider.tasks.parsing.head.ParsingModel;
import io.solider.tasks.parsing.head.SchpHead;
import io.solider.tasks.parsing.head.ScoreMaps;
import io.solider.tasks.parsing.loss.SchpCriterion;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The SCHP model of the release's self-correction ({@code train.py}, {@code utils/schp.py}) at the
 * training crop size: the soft targets it gives in a cycle and its two cycle-end operations.
 *
 * <ul>
 *   <li>{@link #outputs}: the release never puts its SCHP model in eval mode ({@code bn_re_estimate}
 *       leaves it in training mode), so its soft targets come from a training-mode forward pass:
 *       batch statistics and a Dropout2d mask of its own;
 *   <li>{@link #average}: {@code moving_average(schp, model, α)}, parameters only:
 *       {@code schp ← (1 − α)·schp + α·model};
 *   <li>{@link #reestimate}: {@code bn_re_estimate}: every batch norm's running mean and variance
 *       reset to 0 and 1 ({@code num_batches_tracked} keeps counting), then one pass over the
 *       training data in training mode with momentum b/(seen + b) per batch, a cumulative average.
 * </ul>
 */
public final class SchpTeacher {

  private final ParsingModel schp;
  private final BackboneGraph backbone;
  private final HeadGraph head;
  private final LogitResampling resampling;

  /** The teacher's graphs of {@code schp} for {@code height × width} crops (sharing its arrays). */
  public SchpTeacher(ParsingModel schp, int height, int width) {
    this.schp = schp;
    this.backbone = schp.backbone().graph(height, width, BackboneMode.INFERENCE);
    Grid[] grids = SchpHead.stageGrids(schp.backbone().config(), height, width);
    this.head = SchpHead.graph(schp.spec(), grids, schp.head(), true);
    this.resampling = new LogitResampling(grids[0].h(), grids[0].w(), height, width);
  }

  public ParsingModel model() {
    return schp;
  }

  /** The training-mode outputs (fusion, edge… at stride 4) on normalised images at λ. */
  public Map<String, INDArray> outputs(INDArray images, double lambda, INDArray dropoutMask) {
    Map<String, INDArray> feats = features(images, lambda);
    Map<String, INDArray> out = head.forward(feats, Map.of(SchpHead.DROPOUT_MASK, dropoutMask));
    NdArrays.closeAll(feats.values());
    return out;
  }

  /** The soft targets of cycle {@code cycle}: fusion and edge logits upsampled to the label size. */
  public SchpCriterion.SchpTargets targets(INDArray images, double lambda, INDArray dropoutMask, int cycle) {
    Map<String, INDArray> out = outputs(images, lambda, dropoutMask);
    ScoreMaps fusion = resampling.up(out.get(SchpHead.FUSION));
    ScoreMaps edge = resampling.up(out.get(SchpHead.EDGE));
    NdArrays.closeAll(out.values());
    return new SchpCriterion.SchpTargets(fusion, edge, cycle);
  }

  /** {@code schp ← (1 − α)·schp + α·model} for every trained parameter (buffers untouched), in place. */
  public static void average(ParsingModel schp, ParsingModel model, double alpha) {
    if (!(alpha > 0 && alpha <= 1)) {
      throw new IllegalArgumentException("averaging weight must be in (0, 1], got " + alpha);
    }
    Map<String, INDArray> target = schp.stateDict();
    model.stateDict().forEach((k, v) -> {
      if (!isBuffer(k)) {
        INDArray t = target.get(k);
        if (t == null) {
          throw new IllegalArgumentException("the SCHP model has no parameter " + k);
        }
        // float32 as torch: param1 *= (1 − α); param1 += param2 · α
        INDArray scaled = v.mul((float) alpha);
        t.muli((float) (1 - alpha)).addi(scaled);
        scaled.close();
      }
    });
  }

  /**
   * Re-estimates every batch norm's running statistics over {@code batches} (one pass), as
   * {@code bn_re_estimate}.
   *
   * @return the number of images seen
   */
  public long reestimate(Iterator<ParsingBatch> batches, double lambda) {
    ParameterStore store = schp.head();
    store.state().forEach((k, v) -> {
      if (k.endsWith("running_mean")) {
        v.assign(0);
      } else if (k.endsWith("running_var")) {
        v.assign(1);
      }
    });
    long seen = 0;
    while (batches.hasNext()) {
      try (ParsingBatch batch = batches.next()) {
        INDArray images = batch.imageArray();
        int b = batch.size();
        Map<String, INDArray> feats = features(images, lambda);
        INDArray ones = Nd4j.ones(org.nd4j.linalg.api.buffer.DataType.FLOAT, b, SchpHead.WIDTH);
        BatchStatistics stats = head.batchStatistics(feats, Map.of(SchpHead.DROPOUT_MASK, ones));
        stats.commit(store, SchpCycles.bnMomentum(seen, b));
        stats.close();
        NdArrays.closeAll(feats.values());
        NdArrays.close(images);
        NdArrays.close(ones);
        seen += b;
      }
    }
    return seen;
  }

  /** The backbone's stage maps (the backbone has no batch norm: inference mode is its training forward pass). */
  private Map<String, INDArray> features(INDArray images, double lambda) {
    INDArray sw = SemanticWeights.constant(lambda, (int) images.size(0));
    BackboneOutputs out = backbone.forward(images, sw);
    Map<String, INDArray> feats = new LinkedHashMap<>();
    for (int s = 0; s < SchpHead.FEATURES.size(); s++) {
      feats.put(SchpHead.FEATURES.get(s), out.stage(s));
    }
    NdArrays.close(out.pooled());
    NdArrays.close(sw);
    return feats;
  }

  private static boolean isBuffer(String key) {
    return key.endsWith("running_mean") || key.endsWith("running_var") || key.endsWith("num_batches_tracked");
  }
}
