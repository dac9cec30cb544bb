package io.solider.tasks.search.head;

import io.solider.nn.backbone.RecomputingBackbone;
import io.solider.nn.backbone.SemanticWeights;
import io.solider.nn.ops.RoiSampling;
import io.solider.nn.util.NdArrays;
import io.solider.tasks.search.data.RcnnTransform;
import io.solider.tasks.search.data.SearchSample;
import io.solider.tasks.search.data.SearchTrainTransform;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * SeqNet's inference on one scene at a time (batch 1, as the release tests), at one semantic
 * weight λ:
 * <ul>
 *   <li>{@link #detect} (gallery): trunk → RPN → the test proposals (top 6000, NMS 0.7, 300) →
 *       RoI Align → box head → Faster R-CNN predictor → first-stage detections (score &gt; 0.5,
 *       NMS 0.4) → RoI Align → re-id head → box regressor and norm-aware embedding → second-stage
 *       boxes with the first-stage score (FCS) and score-weighted embeddings (CWS), NMS 0.5;
 *       boxes in the original image's pixels;</li>
 *   <li>{@link #embed} (query): given boxes → RoI Align → re-id head → normalised embedding.</li>
 * </ul>
 * A scene's trunk map ({@link #features}) serves both, so a query in a gallery scene costs only
 * its RoI head; the release computes the trunk twice on the same input with the same result.
 */
public final class SearchDetector {

  /** RoIs per RoI-head forward pass (bounds memory; the result does not depend on it). */
  private static final int CHUNK = 100;

  private final SearchNetwork net;
  private final RcnnTransform transform;
  private final ProposalFilter proposals;
  private final SearchPostProcess post;
  private final double lambda;

  /**
   * @param transform the model input transform ({@code RcnnTransform.seqNet()} or a smaller preset)
   * @param proposals test proposals ({@link ProposalFilter#testing()})
   * @param post the two stages' post-processing ({@link SearchPostProcess#seqNet()})
   * @param lambda semantic weight
   */
  public SearchDetector(SearchNetwork net, RcnnTransform transform, ProposalFilter proposals, SearchPostProcess post,
      double lambda) {
    if (!(lambda >= 0 && lambda <= 1)) {
      throw new IllegalArgumentException("semantic weight must be in [0, 1], got " + lambda);
    }
    this.net = net;
    this.transform = transform;
    this.proposals = proposals;
    this.post = post;
    this.lambda = lambda;
  }

  public double lambda() {
    return lambda;
  }

  /**
   * A scene's trunk map and its geometry.
   *
   * @param map (1, 4C, h, w) {@code feat_res4}
   * @param paddedH padded input height (a multiple of 32)
   * @param paddedW padded input width
   * @param height resized image height
   * @param width resized image width
   * @param originalH original image height
   * @param originalW original image width
   */
  public record Features(INDArray map, int paddedH, int paddedW, int height, int width, int originalH, int originalW)
      implements AutoCloseable {
    @Override
    public void close() {
      NdArrays.close(map);
    }
  }

  /**
   * Detections of one scene in its original pixels.
   *
   * @param boxes n × 4 (x1, y1, x2, y2)
   * @param scores n first-stage person scores
   * @param embeddings n × 256, multiplied by the scores
   */
  public record Detections(float[] boxes, float[] scores, float[] embeddings) {
    public int count() {
      return scores.length;
    }
  }

  /** The trunk map of an RGB scene. */
  public Features features(BufferedImage rgb) {
    SearchSample s = new SearchSample(SearchTrainTransform.toTensor(rgb), rgb.getHeight(), rgb.getWidth(), new float[0],
        new int[0]);
    SearchSample t = transform.apply(s);
    RcnnTransform.Batch b = transform.batch(List.of(t));
    INDArray image = Nd4j.create(b.pixels(), new long[] {1, 3, b.height(), b.width()}, 'c');
    RecomputingBackbone trunk = net.trunk(b.height(), b.width());
    RecomputingBackbone.ForwardPass f = trunk.forward(image, SemanticWeights.constant(lambda, 1), null);
    INDArray map = f.outputs().stage(2).dup('c');
    f.close();
    image.close();
    return new Features(map, b.height(), b.width(), t.height(), t.width(), s.height(), s.width());
  }

  /** Gallery detections of a scene (see the class comment). */
  public Detections detect(Features f) {
    int fh = (int) f.map().size(2);
    int fw = (int) f.map().size(3);
    Map<String, INDArray> rpn = net.rpn(fh, fw).forward(Map.of(RpnHead.FEATURE, f.map()), Map.of());
    float[] objectness = SearchNetwork.floats(rpn.get(RpnHead.OBJECTNESS));
    float[] deltas = SearchNetwork.floats(rpn.get(RpnHead.DELTAS));
    float[] anchors = AnchorGenerator.seqNet().anchors(fh, fw, f.paddedH(), f.paddedW());
    ProposalFilter.Proposals p = proposals.filter(objectness, deltas, anchors, f.height(), f.width());
    if (p.scores().length == 0) {
      return empty();
    }
    INDArray res5 = boxHead(f.map(), p.boxes());
    Map<String, INDArray> pred = net.predictor().forward(Map.of(RoiHeadGraphs.FEAT_RES5, res5), Map.of());
    SearchPostProcess.Detections first = post.firstStage(SearchNetwork.floats(pred.get(RoiHeadGraphs.CLASS_LOGITS)),
        SearchNetwork.floats(pred.get(RoiHeadGraphs.PROPOSAL_DELTAS)), p.boxes(), f.height(), f.width());
    res5.close();
    if (first.count() == 0) {
      return empty();
    }
    Embedded e = reidHead(f.map(), first.boxes());
    SearchPostProcess.Detections second = post.secondStage(e.boxDeltas(), e.embeddings(), SearchModel.EMBEDDING_DIM,
        first.boxes(), first.scores(), true, f.height(), f.width());
    float[] boxes = RcnnTransform.toOriginal(second.boxes(), f.height(), f.width(), f.originalH(), f.originalW());
    return new Detections(boxes, second.scores(), second.embeddings());
  }

  /**
   * Embeddings (n × 256, L2-normalised, not score-weighted) of boxes given in the scene's original
   * pixels (x1, y1, x2, y2), as the release embeds a query.
   */
  public float[] embed(Features f, float[] boxesOriginal) {
    float[] boxes = RcnnTransform.resizeBoxes(boxesOriginal, f.originalH(), f.originalW(), f.height(), f.width());
    return reidHead(f.map(), boxes).embeddings();
  }

  private static Detections empty() {
    return new Detections(new float[0], new float[0], new float[0]);
  }

  /** {@code feat_res5} of the box head for boxes in the resized image, in chunks. */
  private INDArray boxHead(INDArray map, float[] boxes) {
    int n = boxes.length / 4;
    INDArray out = null;
    for (int from = 0; from < n; from += CHUNK) {
      int to = Math.min(n, from + CHUNK);
      INDArray x = align(map, java.util.Arrays.copyOfRange(boxes, 4 * from, 4 * to));
      RecomputingBackbone.ForwardPass pass = net.boxHead().forward(x, SemanticWeights.constant(lambda, to - from), null);
      INDArray pooled = pass.outputs().pooled().dup('c');
      pass.close();
      x.close();
      out = out == null ? pooled : Nd4j.concat(0, out, pooled);
    }
    return out;
  }

  private record Embedded(float[] boxDeltas, float[] embeddings) {}

  /** Re-id head, box regressor and norm-aware embedding (inference mode) for boxes in the resized image. */
  private Embedded reidHead(INDArray map, float[] boxes) {
    int n = boxes.length / 4;
    float[] deltas = new float[8 * n];
    float[] emb = new float[SearchModel.EMBEDDING_DIM * n];
    NormAwareEmbedding nae = net.normAwareEmbedding();
    for (int from = 0; from < n; from += CHUNK) {
      int to = Math.min(n, from + CHUNK);
      INDArray x = align(map, java.util.Arrays.copyOfRange(boxes, 4 * from, 4 * to));
      RecomputingBackbone.ForwardPass pass = net.reidHead().forward(x, SemanticWeights.constant(lambda, to - from),
          null);
      INDArray res4 = x.mean(2, 3);
      Map<String, INDArray> out = net.embedding(false).forward(Map.of(RoiHeadGraphs.FEAT_RES4, res4,
          RoiHeadGraphs.FEAT_RES5, pass.outputs().pooled()), Map.of());
      pass.close();
      x.close();
      res4.close();
      System.arraycopy(SearchNetwork.floats(out.get(RoiHeadGraphs.BOX_DELTAS)), 0, deltas, 8 * from, 8 * (to - from));
      NormAwareEmbedding.Forward e = nae.forward(SearchNetwork.floats(out.get(RoiHeadGraphs.EMBEDDING)), to - from,
          false);
      System.arraycopy(e.embeddings(), 0, emb, SearchModel.EMBEDDING_DIM * from, e.embeddings().length);
    }
    return new Embedded(deltas, emb);
  }

  private INDArray align(INDArray map, float[] boxes) {
    RoiSampling s = net.roiAlign().sample(SearchNetwork.rois(List.of(boxes)), 1, (int) map.size(2), (int) map.size(3));
    return s.forward(map);
  }
}
