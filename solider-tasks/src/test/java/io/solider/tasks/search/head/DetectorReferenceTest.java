package io.solider.tasks.search.head;

import static io.solider.tasks.search.SearchReference.floats;
import static io.solider.tasks.search.SearchReference.ints;
import static io.solider.tasks.search.SearchReference.maxAbsDiff;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.solider.tasks.common.BoxCoder;
import io.solider.tasks.common.BoxOverlap;
import io.solider.tasks.common.Nms;
import io.solider.tasks.common.TorchvisionBoxes;
import io.solider.tasks.search.SearchReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The detector mechanics against torchvision and the release's SeqNet code
 * ({@code search/detector/detector_reference.json}, make_detector_reference.py). Exact where
 * torchvision computes with float32 additions, products and divisions only; the box coders use
 * exp/log, whose float32 results may differ by an ulp (tolerances below are near the measured error).
 */
class DetectorReferenceTest {

  static JsonNode ref;

  @BeforeAll
  static void load() {
    ref = SearchReference.load("/search/detector/detector_reference.json");
  }

  @Test
  void anchorsAreTorchvisions() {
    JsonNode a = ref.get("anchors");
    AnchorGenerator gen = AnchorGenerator.seqNet();
    assertThat(gen.perLocation()).isEqualTo(15);
    assertThat(gen.baseAnchors()).containsExactly(floats(a.get("base")));
    assertThat(gen.anchors(a.get("feature").get(0).asInt(), a.get("feature").get(1).asInt(),
        a.get("image").get(0).asInt(), a.get("image").get(1).asInt())).containsExactly(floats(a.get("all")));
  }

  @Test
  void iouClipAndSmallBoxesAreExact() {
    JsonNode b = ref.get("boxes");
    assertThat(BoxOverlap.CONTINUOUS.iouMatrix(floats(b.get("a")), floats(b.get("b")))).containsExactly(floats(b.get("iou")));
    float[] c = floats(b.get("clip_input"));
    TorchvisionBoxes.clip(c, b.get("clip_hw").get(0).asInt(), b.get("clip_hw").get(1).asInt());
    assertThat(c).containsExactly(floats(b.get("clipped")));
    float[] small = floats(b.get("small"));
    assertThat(TorchvisionBoxes.keepLarger(small, 1e-3)).containsExactly(ints(b.get("small_keep_1e-3")));
    assertThat(TorchvisionBoxes.keepLarger(small, 1e-2)).containsExactly(ints(b.get("small_keep_1e-2")));
  }

  @Test
  void nmsKeepsTheSameBoxesInTheSameOrder() {
    JsonNode n = ref.get("nms");
    float[] boxes = floats(n.get("boxes"));
    float[] scores = floats(n.get("scores"));
    int[] classes = ints(n.get("classes"));
    int[] ones = new int[scores.length];
    java.util.Arrays.fill(ones, 1);
    for (String t : new String[] {"0.4", "0.5", "0.7"}) {
      double th = Double.parseDouble(t);
      assertThat(Nms.torchvision(th).keep(boxes, scores)).as("nms %s", t).containsExactly(ints(n.get("keep_" + t)));
      assertThat(TorchvisionBoxes.batchedNms(boxes, scores, ones, th)).as("class 1, %s", t)
          .containsExactly(ints(n.get("batched_ones_" + t)));
      assertThat(TorchvisionBoxes.batchedNms(boxes, scores, classes, th)).as("classes, %s", t)
          .containsExactly(ints(n.get("batched_classes_" + t)));
    }
    // Tied scores: torchvision's sort happens to keep the lower index first here, as ours always does.
    assertThat(Nms.torchvision(0.5).keep(floats(n.get("tie_boxes")), floats(n.get("tie_scores"))))
        .containsExactly(ints(n.get("tie_keep")));
  }

  @Test
  void boxCodersMatchWithinAnUlpOfExpAndLog() {
    JsonNode c = ref.get("coder");
    float[] props = floats(c.get("proposals"));
    float[] gts = floats(c.get("gt"));
    float[] codes = floats(c.get("codes"));
    // Measured: encode 7e-9 / 6e-8, decode 3.1e-5 / 1.9e-6: one float32 ulp of coordinates up to ~1e4
    // (the clamped exp(log(1000/16)) case).
    assertThat(maxAbsDiff(BoxCoder.rpn().encode(gts, props), floats(c.get("encode_rpn")))).isLessThan(1e-7);
    assertThat(maxAbsDiff(BoxCoder.roiHeads().encode(gts, props), floats(c.get("encode_roi")))).isLessThan(1e-6);
    assertThat(maxAbsDiff(BoxCoder.rpn().decode(codes, props), floats(c.get("decode_rpn")))).isLessThan(1e-4);
    assertThat(maxAbsDiff(BoxCoder.roiHeads().decode(codes, props), floats(c.get("decode_roi")))).isLessThan(1e-5);
  }

  @Test
  void matcherIncludingLowQualityMatchesAndFloat32Thresholds() {
    JsonNode m = ref.get("matcher");
    float[] q = floats(m.get("quality"));
    int g = m.get("gt").asInt();
    int p = m.get("pred").asInt();
    assertThat(Matcher.rpn().match(q, g, p)).containsExactly(ints(m.get("rpn")));
    assertThat(Matcher.roiHeads().match(q, g, p)).containsExactly(ints(m.get("roi")));
    assertThat(new Matcher(0.7, 0.3, false).match(q, g, p)).containsExactly(ints(m.get("rpn_strict")));
  }

  @Test
  void rpnTargetsAndProposals() {
    JsonNode r = ref.get("rpn");
    JsonNode a = ref.get("anchors");
    float[] anchors = floats(a.get("all"));
    RpnTargets.Targets t = RpnTargets.assign(anchors, floats(r.get("gt")), Matcher.rpn(), BoxCoder.rpn());
    assertThat(t.labels()).containsExactly(ints(r.get("labels")));
    assertThat(t.regressionTargets()).containsExactly(floats(r.get("regression"))); // measured: exact
    ProposalFilter f = new ProposalFilter(r.get("pre_nms").asInt(), r.get("post_nms").asInt(), 0.7, 1e-3);
    ProposalFilter.Proposals p = f.filter(floats(r.get("objectness")), floats(r.get("deltas")), anchors,
        r.get("image").get(0).asInt(), r.get("image").get(1).asInt());
    float[] want = floats(r.get("proposals"));
    assertThat(p.boxes()).hasSameSizeAs(want);
    assertThat(maxAbsDiff(p.boxes(), want)).isLessThan(1e-4); // measured 3.1e-5, an ulp at 300
    // 0.8.2 ranks by logits, 0.14 reports sigmoid(logits): same order, scores related by the sigmoid.
    float[] prob = floats(r.get("probabilities"));
    for (int i = 0; i < prob.length; i++) {
      assertThat(1 / (1 + Math.exp(-p.scores()[i]))).isCloseTo(prob[i], org.assertj.core.api.Assertions.within(1e-6));
    }
  }

  @Test
  void roiAssignmentWithPersonIds() {
    JsonNode r = ref.get("roi");
    // A sampler larger than the image's RoIs draws all of them, in index order: the deterministic part.
    RoiSampler all = new RoiSampler(Matcher.roiHeads(), new BalancedSampler(1 << 20, 0.5), BoxCoder.roiHeads());
    RoiSampler.Sample s = all.select(floats(r.get("proposals")), floats(r.get("gt")), ints(r.get("pids")),
        new java.util.Random(0));
    int[] labels = ints(r.get("labels"));
    int[] matched = ints(r.get("matched"));
    float[] reg = floats(r.get("regression"));
    // Drop the ignored (−1) rows the sampler never draws.
    java.util.List<Integer> drawn = new java.util.ArrayList<>();
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] >= 0) {
        drawn.add(i);
      }
    }
    assertThat(s.labels()).hasSize(drawn.size());
    float[] wantReg = new float[4 * drawn.size()];
    for (int k = 0; k < drawn.size(); k++) {
      assertThat(s.labels()[k]).isEqualTo(labels[drawn.get(k)]);
      assertThat(s.matched()[k]).isEqualTo(matched[drawn.get(k)]);
      System.arraycopy(reg, 4 * drawn.get(k), wantReg, 4 * k, 4);
    }
    assertThat(maxAbsDiff(s.regressionTargets(), wantReg)).isLessThan(1e-5);
  }

  @Test
  void twoStagePostProcessing() {
    JsonNode r = ref.get("postprocess");
    int h = r.get("image").get(0).asInt();
    int w = r.get("image").get(1).asInt();
    SearchPostProcess pp = SearchPostProcess.seqNet();
    SearchPostProcess.Detections d1 = pp.firstStage(floats(r.get("logits")), floats(r.get("regression")),
        floats(r.get("proposals")), h, w);
    float[] b1 = floats(r.get("stage1_boxes"));
    assertThat(d1.boxes()).hasSameSizeAs(b1);
    assertThat(maxAbsDiff(d1.boxes(), b1)).isLessThan(1e-5); // measured 3.8e-6
    assertThat(maxAbsDiff(d1.scores(), floats(r.get("stage1_scores")))).isLessThan(2e-7); // measured 6e-8
    SearchPostProcess.Detections d2 = pp.secondStage(floats(r.get("regression2")), floats(r.get("embeddings")), 256,
        b1, floats(r.get("stage1_scores")), true, h, w);
    float[] b2 = floats(r.get("stage2_boxes"));
    assertThat(d2.boxes()).hasSameSizeAs(b2);
    assertThat(maxAbsDiff(d2.boxes(), b2)).isLessThan(5e-5); // measured 1.5e-5
    assertThat(d2.scores()).containsExactly(floats(r.get("stage2_scores")));
    assertThat(d2.embeddings()).containsExactly(floats(r.get("stage2_embeddings"))); // measured: exact
  }
}
