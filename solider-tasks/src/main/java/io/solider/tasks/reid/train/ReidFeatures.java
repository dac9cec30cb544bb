package io.solider.tasks.reid.train;

import io.solider.nn.backbone.RecomputingBackbone;
import io.solider.nn.backbone.SemanticWeights;
import io.solider.nn.image.ImageNormalization;
import io.solider.tasks.common.ImageSource;
import io.solider.tasks.reid.data.ReidSample;
import io.solider.tasks.reid.metric.ReidEvaluation;
import io.solider.tasks.reid.metric.ReidEvaluator;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Evaluation features as the release computes them ({@code TEST.NECK_FEAT 'before'}): the pooled
 * backbone feature before the BN neck, of the image resized (Pillow bilinear) to the input size
 * and normalised with mean 0.5 / std 0.5, with the run's λ and no drop path. The evaluator
 * L2-normalises them ({@code TEST.FEAT_NORM 'yes'}).
 */
public final class ReidFeatures {

  private ReidFeatures() {}

  /**
   * Features of the readable images among {@code samples} (unreadable ones are skipped with a
   * warning by {@code source}).
   *
   * @param features one row per kept image
   * @param pids their identities
   * @param cameras their cameras
   */
  public record Extracted(float[][] features, int[] pids, int[] cameras) {}

  public static Extracted extract(RecomputingBackbone backbone, List<ReidSample> samples, int height, int width,
      double semanticWeight, int batchSize, ImageSource source) {
    List<float[]> feats = new ArrayList<>();
    List<Integer> pids = new ArrayList<>();
    List<Integer> cams = new ArrayList<>();
    for (int s = 0; s < samples.size(); s += batchSize) {
      List<ReidSample> chunk = samples.subList(s, Math.min(samples.size(), s + batchSize));
      ImageSource.Batch batch = source.loadBatch(chunk.stream().map(ReidSample::image).toList(), height, width,
          ImageNormalization.half());
      if (batch.images() == null) {
        continue;
      }
      int n = batch.kept().size();
      RecomputingBackbone.ForwardPass pass = backbone.forward(batch.images(),
          SemanticWeights.constant(semanticWeight, n), null);
      float[][] rows = pass.outputs().pooled().castTo(DataType.FLOAT).toFloatMatrix();
      pass.close();
      batch.images().close();
      for (int i = 0; i < n; i++) {
        ReidSample r = chunk.get(batch.kept().get(i));
        feats.add(rows[i]);
        pids.add(r.pid());
        cams.add(r.camera());
      }
    }
    return new Extracted(feats.toArray(new float[0][]), pids.stream().mapToInt(Integer::intValue).toArray(),
        cams.stream().mapToInt(Integer::intValue).toArray());
  }

  /** mAP and CMC (to rank 50, or the gallery size) of query against gallery. */
  public static ReidEvaluation evaluate(Extracted query, Extracted gallery) {
    if (query.features().length == 0 || gallery.features().length == 0) {
      throw new IllegalArgumentException("no readable query or gallery image to evaluate");
    }
    return new ReidEvaluator(Math.min(50, gallery.features().length)).evaluate(query.features(), query.pids(),
        query.cameras(), gallery.features(), gallery.pids(), gallery.cameras());
  }
}
