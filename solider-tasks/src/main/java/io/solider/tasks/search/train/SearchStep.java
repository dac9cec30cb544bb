package io.solider.tasks.search.train;

import io.solider.nn.backbone.DropPath;
import io.solider.nn.backbone.RecomputingBackbone;
import io.solider.nn.backbone.SemanticWeights;
import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.head.BatchStatistics;
import io.solider.nn.head.HeadGradients;
import io.solider.nn.head.HeadGraph;
import io.solider.nn.ops.RoiSampling;
import io.solider.nn.train.NonFiniteLossException;
import io.solider.nn.util.NdArrays;
import io.solider.tasks.common.BoxCoder;
import io.solider.tasks.search.data.SearchTrainLoader;
import io.solider.tasks.search.head.AnchorGenerator;
import io.solider.tasks.search.head.BalancedSampler;
import io.solider.tasks.search.head.Matcher;
import io.solider.tasks.search.head.NormAwareEmbedding;
import io.solider.tasks.search.head.RoiHeadGraphs;
import io.solider.tasks.search.head.RoiSampler;
import io.solider.tasks.search.head.RpnHead;
import io.solider.tasks.search.head.RpnTargets;
import io.solider.tasks.search.head.SearchModel;
import io.solider.tasks.search.head.SearchNetwork;
import io.solider.tasks.search.head.SearchPostProcess;
import io.solider.tasks.search.loss.BoxLoss;
import io.solider.tasks.search.loss.OimLoss;
import io.solider.tasks.search.loss.ProposalLoss;
import io.solider.tasks.search.loss.RpnLoss;
import io.solider.tasks.search.loss.SearchLossWeights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One SeqNet training pass on a batch, forward then backward, in the release's order:
 * <ol>
 *   <li>trunk ({@code StageRange.upTo(2)}) → {@code feat_res4};</li>
 *   <li>RPN: head → proposals (detached) and, from the anchors' targets and 256 sampled anchors,
 *       {@code loss_rpn_cls} and {@code loss_rpn_reg};</li>
 *   <li>first stage: RoIs sampled from proposals + ground truth → RoI Align → box head (the
 *       trunk's stage 2 merging and stage 3) → Faster R-CNN predictor → {@code loss_proposal_cls},
 *       {@code loss_proposal_reg};</li>
 *   <li>second stage: the predictor's person boxes, detached and clipped, sampled again → RoI
 *       Align → re-id head → box regressor and norm-aware embedding → {@code loss_box_cls},
 *       {@code loss_box_reg} and OIM's {@code loss_box_reid};</li>
 *   <li>each term is checked as soon as it is computed: a NaN or infinite one stops the step
 *       ({@link NonFiniteLossException}) before anything changed;</li>
 *   <li>backward: each loss gradient back through its head graph and backbone range; the RoI
 *       features' gradients through RoI Align onto {@code feat_res4}, summed with the RPN's, into
 *       the trunk.</li>
 * </ol>
 * Random draws: anchor and RoI sampling from {@code sampling}, drop-path masks (trunk rows per
 * image, RoI head rows per RoI) from {@code dropPath}, both seeded per iteration by the caller.
 */
final class SearchStep {

  private static final List<String> TERMS = List.of("loss_rpn_reg", "loss_rpn_cls", "loss_proposal_reg",
      "loss_proposal_cls", "loss_box_reg", "loss_box_cls", "loss_box_reid");

  private final SearchNetwork net;
  private final SearchTrainConfig config;
  private final BalancedSampler rpnSampler;
  private final RoiSampler roiSampler;

  SearchStep(SearchNetwork net, SearchTrainConfig config) {
    this.net = net;
    this.config = config;
    this.rpnSampler = new BalancedSampler(config.detector().rpnBatch(), 0.5);
    RoiSampler r = RoiSampler.seqNet();
    this.roiSampler = new RoiSampler(r.matcher(), new BalancedSampler(config.detector().roiBatch(), 0.5), r.coder());
  }

  /** The loss terms' names, in log order. */
  static List<String> terms() {
    return TERMS;
  }

  /**
   * What a pass produced.
   *
   * @param losses each term, weighted, by name
   * @param gradients d loss / d parameter by release key (only keys the loss reaches)
   * @param statistics the head graphs' batch-norm statistics to commit
   * @param rescaler the norm rescaler after its training forward pass (running statistics moved)
   * @param embeddings the second stage's embeddings (K × 256), for OIM's table update
   * @param labels their labels
   * @param positives first- and second-stage positive RoIs
   * @param rois first- and second-stage RoIs
   * @param oimCounted RoIs OIM's cross-entropy averaged over
   * @param oimHits of those, the RoIs whose own column scored highest (OIM's training top-1)
   */
  record Result(Map<String, Double> losses, Map<String, INDArray> gradients, BatchStatistics statistics,
      NormAwareEmbedding rescaler, float[] embeddings, int[] labels, int[] positives, int[] rois, int oimCounted,
      int oimHits) {

    double total() {
      return losses.values().stream().mapToDouble(Double::doubleValue).sum();
    }
  }

  Result run(SearchTrainLoader.Batch batch, long iteration, SplittableRandom sampling, SplittableRandom dropPath) {
    SwinConfig arch = net.model().arch();
    SearchLossWeights w = config.loss();
    double lambda = config.model().semanticWeight();
    int b = batch.size();
    int hp = (int) batch.images().size(2);
    int wp = (int) batch.images().size(3);
    List<AutoCloseable> open = new ArrayList<>();
    try {
      // 1. Trunk.
      RecomputingBackbone trunk = net.trunk(hp, wp);
      INDArray keepTrunk = DropPath.keep(arch, b, dropPath);
      RecomputingBackbone.ForwardPass tf = trunk.forward(batch.images(), SemanticWeights.constant(lambda, b), keepTrunk);
      open.add(tf::close);
      INDArray map = tf.outputs().stage(2);
      int c4 = (int) map.size(1);
      int fh = (int) map.size(2);
      int fw = (int) map.size(3);

      // 2. RPN.
      HeadGraph rpn = net.rpn(fh, fw);
      Map<String, INDArray> rpnOut = rpn.forward(Map.of(RpnHead.FEATURE, map), Map.of());
      float[] objectness = SearchNetwork.floats(rpnOut.get(RpnHead.OBJECTNESS));
      float[] deltas = SearchNetwork.floats(rpnOut.get(RpnHead.DELTAS));
      float[] anchors = AnchorGenerator.seqNet().anchors(fh, fw, hp, wp);
      int na = anchors.length / 4;
      float[] rpnTargets = new float[4 * na * b];
      List<Integer> pos = new ArrayList<>();
      List<Integer> neg = new ArrayList<>();
      for (int i = 0; i < b; i++) {
        RpnTargets.Targets t = RpnTargets.assign(anchors, batch.boxes().get(i), Matcher.rpn(), BoxCoder.rpn());
        System.arraycopy(t.regressionTargets(), 0, rpnTargets, 4 * i * na, 4 * na);
        BalancedSampler.Sample s = rpnSampler.sample(t.labels(), sampling);
        for (int p : s.positives()) {
          pos.add(i * na + p);
        }
        for (int n : s.negatives()) {
          neg.add(i * na + n);
        }
      }
      RpnLoss.Result rpnLoss = RpnLoss.compute(objectness, deltas, rpnTargets,
          pos.stream().mapToInt(Integer::intValue).toArray(), neg.stream().mapToInt(Integer::intValue).toArray());
      Map<String, Double> losses = new LinkedHashMap<>();
      term(losses, 0, w.rpnReg() * rpnLoss.box(), iteration);
      term(losses, 1, w.rpnCls() * rpnLoss.objectness(), iteration);
      List<float[]> proposals = new ArrayList<>();
      for (int i = 0; i < b; i++) {
        int[] size = batch.sizes().get(i);
        float[] obj = Arrays.copyOfRange(objectness, i * na, (i + 1) * na);
        float[] del = Arrays.copyOfRange(deltas, 4 * i * na, 4 * (i + 1) * na);
        proposals.add(config.detector().rpnTrain().filter(obj, del, anchors, size[0], size[1]).boxes());
      }

      // 3. First stage on the sampled proposals.
      Sampled s1 = sample(proposals, batch, sampling);
      RoiSampling align1 = net.roiAlign().sample(SearchNetwork.rois(s1.boxes()), b, fh, fw);
      INDArray x1 = align1.forward(map);
      open.add(x1::close);
      int k1 = s1.count();
      RecomputingBackbone.ForwardPass bf = net.boxHead().forward(x1, SemanticWeights.constant(lambda, k1),
          DropPath.keep(arch, k1, dropPath));
      open.add(bf::close);
      INDArray res5a = bf.outputs().pooled();
      Map<String, INDArray> pred = net.predictor().forward(Map.of(RoiHeadGraphs.FEAT_RES5, res5a), Map.of());
      float[] classLogits = SearchNetwork.floats(pred.get(RoiHeadGraphs.CLASS_LOGITS));
      float[] proposalDeltas = SearchNetwork.floats(pred.get(RoiHeadGraphs.PROPOSAL_DELTAS));
      ProposalLoss.Result proposalLoss = ProposalLoss.compute(classLogits, proposalDeltas, s1.labels(), s1.targets());
      term(losses, 2, w.proposalReg() * proposalLoss.regression(), iteration);
      term(losses, 3, w.proposalCls() * proposalLoss.classification(), iteration);

      // 4. Second stage on the first stage's person boxes (detached, clipped), sampled again.
      List<float[]> firstBoxes = new ArrayList<>();
      int off = 0;
      for (int i = 0; i < b; i++) {
        int n = s1.boxes().get(i).length / 4;
        int[] size = batch.sizes().get(i);
        firstBoxes.add(SearchPostProcess.personBoxes(Arrays.copyOfRange(proposalDeltas, 8 * off, 8 * (off + n)),
            s1.boxes().get(i), size[0], size[1]));
        off += n;
      }
      Sampled s2 = sample(firstBoxes, batch, sampling);
      RoiSampling align2 = net.roiAlign().sample(SearchNetwork.rois(s2.boxes()), b, fh, fw);
      INDArray x2 = align2.forward(map);
      open.add(x2::close);
      int k2 = s2.count();
      RecomputingBackbone.ForwardPass rf = net.reidHead().forward(x2, SemanticWeights.constant(lambda, k2),
          DropPath.keep(arch, k2, dropPath));
      open.add(rf::close);
      INDArray res4b = x2.mean(2, 3);
      open.add(res4b::close);
      Map<String, INDArray> embFeatures = Map.of(RoiHeadGraphs.FEAT_RES4, res4b, RoiHeadGraphs.FEAT_RES5,
          rf.outputs().pooled());
      HeadGraph embeddingGraph = net.embedding(true);
      Map<String, INDArray> embOut = embeddingGraph.forward(embFeatures, Map.of());
      float[] boxDeltas = SearchNetwork.floats(embOut.get(RoiHeadGraphs.BOX_DELTAS));
      float[] raw = SearchNetwork.floats(embOut.get(RoiHeadGraphs.EMBEDDING));
      NormAwareEmbedding nae = net.normAwareEmbedding();
      NormAwareEmbedding.Forward naeOut = nae.forward(raw, k2, true);
      BoxLoss.Result boxLoss = BoxLoss.compute(naeOut.logits(), boxDeltas, s2.labels(), s2.targets());
      OimLoss.Result oim = net.model().oim().compute(naeOut.embeddings(), s2.labels());

      term(losses, 4, w.boxReg() * boxLoss.regression(), iteration);
      term(losses, 5, w.boxCls() * boxLoss.classification(), iteration);
      term(losses, 6, w.boxReid() * oim.loss(), iteration);

      // 5. Backward: second stage.
      NormAwareEmbedding.Backward naeGrad = nae.backward(raw, naeOut, scaled(oim.gradInputs(), w.boxReid()),
          scaled(boxLoss.gradLogits(), w.boxCls()));
      HeadGradients embGrad = embeddingGraph.backward(embFeatures, Map.of(), Map.of(
          RoiHeadGraphs.BOX_DELTAS, array(scaled(boxLoss.gradRegression(), w.boxReg()), k2, 8),
          RoiHeadGraphs.EMBEDDING, array(naeGrad.input(), k2, SearchModel.EMBEDDING_DIM)));
      RecomputingBackbone.Gradients reidGrad = net.reidHead().backward(rf, embGrad.features().get(
          RoiHeadGraphs.FEAT_RES5), null);
      INDArray dx2 = reidGrad.input();
      INDArray dRes4 = embGrad.features().get(RoiHeadGraphs.FEAT_RES4);
      dx2.addi(dRes4.reshape(k2, c4, 1, 1).div(SearchNetwork.ROI_SIZE * SearchNetwork.ROI_SIZE)
          .broadcast(k2, c4, SearchNetwork.ROI_SIZE, SearchNetwork.ROI_SIZE));
      INDArray dMap = align2.backward(dx2, c4);

      // 6. First stage.
      HeadGradients predGrad = net.predictor().backward(Map.of(RoiHeadGraphs.FEAT_RES5, res5a), Map.of(), Map.of(
          RoiHeadGraphs.CLASS_LOGITS, array(scaled(proposalLoss.gradLogits(), w.proposalCls()), k1, 2),
          RoiHeadGraphs.PROPOSAL_DELTAS, array(scaled(proposalLoss.gradRegression(), w.proposalReg()), k1, 8)));
      RecomputingBackbone.Gradients boxGrad = net.boxHead().backward(bf, predGrad.features().get(
          RoiHeadGraphs.FEAT_RES5), null);
      dMap.addi(align1.backward(boxGrad.input(), c4));

      // 7. RPN and trunk.
      int a = na / (fh * fw);
      HeadGradients rpnGrad = rpn.backward(Map.of(RpnHead.FEATURE, map), Map.of(), Map.of(
          RpnHead.OBJECTNESS, Nd4j.create(scaled(rpnLoss.gradObjectness(), w.rpnCls()), new long[] {b, fh, fw, a}, 'c'),
          RpnHead.DELTAS, Nd4j.create(scaled(rpnLoss.gradDeltas(), w.rpnReg()), new long[] {b, fh, fw, 4L * a}, 'c')));
      dMap.addi(rpnGrad.features().get(RpnHead.FEATURE));
      RecomputingBackbone.Gradients trunkGrad = trunk.backward(tf, null, Arrays.asList(null, null, dMap, null));

      Map<String, INDArray> grads = new LinkedHashMap<>();
      add(grads, SearchModel.TRUNK, trunkGrad.parameters(), SearchTraining::trunkReached);
      add(grads, SearchModel.TRUNK, boxGrad.parameters(), SearchTraining::trunkReached);
      grads.putAll(rpnGrad.parameters());
      grads.putAll(predGrad.parameters());
      grads.putAll(embGrad.parameters());
      grads.put(SearchModel.RESCALER + "weight", Nd4j.scalar((float) naeGrad.weight()).reshape(1));
      grads.put(SearchModel.RESCALER + "bias", Nd4j.scalar((float) naeGrad.bias()).reshape(1));
      add(grads, SearchModel.REID_HEAD, reidGrad.parameters(), SearchTraining::reidHeadReached);
      return new Result(losses, grads, embGrad.statistics(), nae, naeOut.embeddings(), s2.labels(),
          new int[] {positives(s1.labels()), positives(s2.labels())}, new int[] {k1, k2}, oim.counted(),
          oim.hits());
    } finally {
      for (int i = open.size() - 1; i >= 0; i--) {
        try {
          open.get(i).close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  /**
   * Records a weighted term; a NaN or infinite one stops the step at once (before anything
   * changed, and before NaN scores reach the proposal sort).
   */
  private static void term(Map<String, Double> losses, int index, double value, long iteration) {
    if (!Double.isFinite(value)) {
      throw new NonFiniteLossException(TERMS.get(index), value, iteration);
    }
    losses.put(TERMS.get(index), value);
  }

  /** The RoIs of one stage, all images. */
  private record Sampled(List<float[]> boxes, int[] labels, float[] targets) {
    int count() {
      return labels.length;
    }
  }

  private Sampled sample(List<float[]> candidates, SearchTrainLoader.Batch batch, SplittableRandom rng) {
    List<float[]> boxes = new ArrayList<>();
    List<int[]> labels = new ArrayList<>();
    List<float[]> targets = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      RoiSampler.Sample s = roiSampler.select(candidates.get(i), batch.boxes().get(i), batch.labels().get(i), rng);
      boxes.add(s.boxes());
      labels.add(s.labels());
      targets.add(s.regressionTargets());
    }
    return new Sampled(boxes, concat(labels), concatFloats(targets));
  }

  private static int positives(int[] labels) {
    int n = 0;
    for (int l : labels) {
      n += l > 0 ? 1 : 0;
    }
    return n;
  }

  private static void add(Map<String, INDArray> into, String prefix, Map<String, INDArray> grads,
      java.util.function.Predicate<String> reached) {
    grads.forEach((k, g) -> {
      if (reached.test(k)) {
        into.merge(prefix + k, g, INDArray::add);
      }
    });
  }

  private static float[] scaled(float[] g, double weight) {
    if (weight != 1) {
      for (int i = 0; i < g.length; i++) {
        g[i] *= (float) weight;
      }
    }
    return g;
  }

  private static INDArray array(float[] v, int rows, int cols) {
    return Nd4j.create(v, new long[] {rows, cols}, 'c');
  }

  private static int[] concat(List<int[]> parts) {
    return parts.stream().flatMapToInt(Arrays::stream).toArray();
  }

  private static float[] concatFloats(List<float[]> parts) {
    int n = parts.stream().mapToInt(p -> p.length).sum();
    float[] out = new float[n];
    int o = 0;
    for (float[] p : parts) {
      System.arraycopy(p, 0, out, o, p.length);
      o += p.length;
    }
    return out;
  }

  static void closeAll(Result r) {
    NdArrays.closeAll(r.gradients().values());
    r.statistics().close();
  }
}
