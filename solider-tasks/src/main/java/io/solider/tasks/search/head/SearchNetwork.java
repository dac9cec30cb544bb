package io.solider.tasks.search.head;

import io.solider.nn.backbone.RecomputingBackbone;
import io.solider.nn.backbone.StageRange;
import io.solider.nn.head.HeadGraph;
import io.solider.nn.ops.RoiAlign;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The graphs that compute a {@link SearchModel}, built on its live arrays and reused: the trunk
 * ({@code StageRange.upTo(2)}, one per padded input size), the RPN head (one per feature-map
 * size), RoI Align ({@code MultiScaleRoIAlign('feat_res4', 14, sampling_ratio=2)}: 14×14 at 1/16,
 * not aligned), the box head ({@code StageRange.after(2)} on the trunk's arrays), the re-id head
 * (the same range on its own copy), the Faster R-CNN predictor and the box regressor + embedding
 * projections (a training and an inference graph). The backbone parts are
 * {@link RecomputingBackbone}s, which serve inference too (their forward pass keeps no
 * activations).
 */
public final class SearchNetwork {

  /** RoI Align output side. */
  public static final int ROI_SIZE = 14;
  /** Feature stride of {@code feat_res4}. */
  public static final int STRIDE = 16;
  /** Input sizes whose trunk and RPN graphs are kept (a mixed-size data set builds more). */
  private static final int CACHED_SIZES = 4;

  private final SearchModel model;
  private final RoiAlign roiAlign = new RoiAlign(new RoiAlign.Config(ROI_SIZE, ROI_SIZE, 1.0 / STRIDE, 2, false));
  private final Map<Long, RecomputingBackbone> trunks = lru();
  private final Map<Long, HeadGraph> rpns = lru();
  private RecomputingBackbone boxHead;
  private RecomputingBackbone reidHead;
  private HeadGraph predictor;
  private HeadGraph embeddingTraining;
  private HeadGraph embeddingInference;

  public SearchNetwork(SearchModel model) {
    this.model = model;
  }

  private static <V> Map<Long, V> lru() {
    return new LinkedHashMap<>(8, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Long, V> eldest) {
        return size() > CACHED_SIZES;
      }
    };
  }

  public SearchModel model() {
    return model;
  }

  /** The trunk for a padded {@code height × width} batch. */
  public RecomputingBackbone trunk(int height, int width) {
    return trunks.computeIfAbsent(key(height, width),
        k -> new RecomputingBackbone(model.trunk(), StageRange.upTo(2), height, width));
  }

  /** The RPN head on a {@code height × width} feature map. */
  public HeadGraph rpn(int height, int width) {
    return rpns.computeIfAbsent(key(height, width), k -> RpnHead.graph(model.heads(), model.arch().channels(2), height,
        width, AnchorGenerator.seqNet().perLocation(), true));
  }

  public RoiAlign roiAlign() {
    return roiAlign;
  }

  /** The first RoI head: stage 2's merging and controller, stage 3, norm3 of the trunk's backbone. */
  public RecomputingBackbone boxHead() {
    if (boxHead == null) {
      boxHead = new RecomputingBackbone(model.trunk(), StageRange.after(2), ROI_SIZE, ROI_SIZE);
    }
    return boxHead;
  }

  /** The second RoI head, on the re-id copy. */
  public RecomputingBackbone reidHead() {
    if (reidHead == null) {
      reidHead = new RecomputingBackbone(model.reidHead(), StageRange.after(2), ROI_SIZE, ROI_SIZE);
    }
    return reidHead;
  }

  /** The Faster R-CNN predictor (no batch norm: one graph for training and inference). */
  public HeadGraph predictor() {
    if (predictor == null) {
      predictor = RoiHeadGraphs.predictor(model.heads(), model.arch().channels(3), true);
    }
    return predictor;
  }

  /** The box regressor and embedding projections, with batch statistics ({@code training}) or running ones. */
  public HeadGraph embedding(boolean training) {
    if (training) {
      if (embeddingTraining == null) {
        embeddingTraining = RoiHeadGraphs.boxAndEmbedding(model.heads(), model.arch().channels(2),
            model.arch().channels(3), SearchModel.EMBEDDING_DIM, true);
      }
      return embeddingTraining;
    }
    if (embeddingInference == null) {
      embeddingInference = RoiHeadGraphs.boxAndEmbedding(model.heads(), model.arch().channels(2),
          model.arch().channels(3), SearchModel.EMBEDDING_DIM, false);
    }
    return embeddingInference;
  }

  /** The norm-aware embedding's normalisation and rescaler, with the model's rescaler state. */
  public NormAwareEmbedding normAwareEmbedding() {
    NormAwareEmbedding nae = new NormAwareEmbedding(SearchModel.EMBEDDING_DIM);
    nae.setParameters(scalar(SearchModel.RESCALER + "weight"), scalar(SearchModel.RESCALER + "bias"));
    nae.setRunningStatistics(scalar(SearchModel.RESCALER + "running_mean"),
        scalar(SearchModel.RESCALER + "running_var"));
    return nae;
  }

  private float scalar(String key) {
    return model.heads().array(key).getFloat(0);
  }

  /** (K, 5) RoIs (batch index, x1, y1, x2, y2) of several images' boxes. */
  public static INDArray rois(java.util.List<float[]> boxesPerImage) {
    int n = 0;
    for (float[] b : boxesPerImage) {
      n += b.length / 4;
    }
    float[] r = new float[5 * n];
    int k = 0;
    for (int i = 0; i < boxesPerImage.size(); i++) {
      float[] b = boxesPerImage.get(i);
      for (int j = 0; j < b.length; j += 4) {
        r[5 * k] = i;
        System.arraycopy(b, j, r, 5 * k + 1, 4);
        k++;
      }
    }
    return org.nd4j.linalg.factory.Nd4j.create(r, new long[] {n, 5}, 'c');
  }

  /** The values of {@code a} in row-major order, as float32. */
  public static float[] floats(INDArray a) {
    INDArray f = a.dataType() == DataType.FLOAT ? a : a.castTo(DataType.FLOAT);
    return (f.isView() || f.ordering() != 'c' ? f.dup('c') : f).data().asFloat();
  }

  private static long key(int h, int w) {
    return ((long) h << 32) | w;
  }
}
