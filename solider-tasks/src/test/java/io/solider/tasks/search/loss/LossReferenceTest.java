package io.solider.tasks.search.loss;

import static io.solider.tasks.search.SearchReference.floats;
import static io.solider.tasks.search.SearchReference.ints;
import static io.solider.tasks.search.SearchReference.maxAbsDiff;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.solider.tasks.search.SearchReference;
import io.solider.tasks.search.head.NormAwareEmbedding;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SeqNet's loss terms against PyTorch autograd on the release's own code
 * ({@code search/loss/loss_reference.json}, make_loss_reference.py: models/oim.py,
 * models/seqnet.py {@code detection_losses} and {@code NormAwareEmbedding}, torchvision's RPN
 * {@code compute_loss}). PyTorch computes in float32, we in double: tolerances are a few float32
 * ulps of the values compared (measured errors in the comments).
 */
class LossReferenceTest {

  static JsonNode ref;

  @BeforeAll
  static void load() {
    ref = SearchReference.load("/search/loss/loss_reference.json");
  }

  static OimLoss oim(JsonNode c) {
    OimLoss o = new OimLoss(c.get("dim").asInt(), c.get("lut_size").asInt(), c.get("queue_size").asInt(), 0.5, 30.0);
    o.restore(floats(c.get("lut")), floats(c.get("queue")), c.get("header").asInt());
    return o;
  }

  static JsonNode oimCase(String name) {
    for (JsonNode c : ref.get("oim")) {
      if (c.get("name").asText().equals(name)) {
        return c;
      }
    }
    throw new AssertionError(name);
  }

  @Test
  void oimLossGradientAndTableUpdatesAsTheRelease() {
    for (String name : new String[] {"cuhk", "prw_quirk", "fresh_tables"}) {
      JsonNode c = oimCase(name);
      OimLoss o = oim(c);
      float[] x = floats(c.get("inputs"));
      OimLoss.Result r = o.step(x, ints(c.get("pids")));
      // Measured: loss ≤ 4e-8 relative, gradient ≤ 9e-7 (logits scaled by 30), LUT ≤ 6e-8; queue exact.
      assertThat(r.loss()).as(name).isCloseTo(c.get("loss").asDouble(), within(1e-6 * Math.abs(c.get("loss").asDouble())));
      assertThat(maxAbsDiff(r.gradInputs(), floats(c.get("grad")))).as(name + " gradient").isLessThan(3e-6);
      assertThat(maxAbsDiff(o.lut(), floats(c.get("lut_after")))).as(name + " LUT").isLessThan(2e-7);
      assertThat(o.queue()).as(name + " queue").containsExactly(floats(c.get("queue_after")));
      assertThat(o.header()).as(name + " head").isEqualTo(c.get("header_after").asInt());
    }
  }

  @Test
  void prwPidsBeyondTheLutTargetQueueColumnsAndArePushed() {
    JsonNode c = oimCase("prw_quirk");
    // LUT of 5: pid 6 → column 5 = queue slot 0, pid 9 → column 8 = queue slot 3 (PRW's 483 and 932).
    OimLoss o = oim(c);
    float[] x = floats(c.get("inputs"));
    int[] pids = ints(c.get("pids"));
    assertThat(o.compute(x, pids).counted()).isEqualTo(7); // pids 6, 2, 9, 1, 9, 4, 5: not 0, not 5555
    o.update(x, pids);
    float[] q = o.queue();
    int dim = c.get("dim").asInt();
    // Slots 4, 5, 0, 1, 2 receive pid 6, pid 9, 5555, pid 9, 5555 in row order.
    assertThat(java.util.Arrays.copyOfRange(q, 4 * dim, 5 * dim)).containsExactly(java.util.Arrays.copyOfRange(x, 0, dim));
  }

  @Test
  void allUnlabelledStepIsGuarded() {
    JsonNode c = oimCase("all_unlabelled");
    assertThat(c.get("loss").isNull()).as("PyTorch ≥ 1.10 gives NaN here (the release's known failure)").isTrue();
    OimLoss o = oim(c);
    OimLoss.Result r = o.step(floats(c.get("inputs")), ints(c.get("pids")));
    assertThat(r.loss()).isZero(); // PyTorch 1.7.1's answer, which the release was trained with
    assertThat(r.counted()).isZero();
    for (float g : r.gradInputs()) {
      assertThat(g).isZero();
    }
    // The queue is still updated, exactly as the release's backward does it.
    assertThat(o.queue()).containsExactly(floats(c.get("queue_after")));
    assertThat(o.header()).isEqualTo(c.get("header_after").asInt());
    assertThat(o.lut()).containsExactly(floats(c.get("lut_after")));
  }

  @Test
  void oimTop1CountsOnlyAStrictlyHighestOwnColumn() {
    OimLoss o = new OimLoss(2, 3, 2, 0.5, 30);
    // Fresh tables: every logit 0, a tie everywhere, nobody is a hit.
    assertThat(o.step(new float[] {1, 0, 0, 1}, new int[] {1, 2}).hits()).isZero();
    // Rows now (1, 0) for pid 1 and (0, 1) for pid 2; pid 3's row is still zero.
    OimLoss.Result r = o.compute(new float[] {0.8f, 0.6f, 0.6f, 0.8f, 0.6f, 0.8f, 0.6f, 0.8f, -1, 0},
        new int[] {1, 2, 1, 5555, 3});
    // Hits: RoI 0 (pid 1 nearest (1, 0)) and RoI 1 (pid 2 nearest (0, 1)); RoI 2 is pid 1 nearer (0, 1);
    // RoI 3 is unlabelled (not counted); RoI 4's own row is still zero: logit 0, tied with the empty queue rows.
    assertThat(r.counted()).isEqualTo(4);
    assertThat(r.hits()).isEqualTo(2);
  }

  @Test
  void noForegroundAtAllIsGuardedToo() {
    OimLoss o = new OimLoss(4, 3, 2, 0.5, 30);
    OimLoss.Result r = o.step(new float[8], new int[] {0, 0});
    assertThat(r.loss()).isZero();
    assertThat(o.header()).isZero();
  }

  @Test
  void zeroEmbeddingOnAnUnseenRowLeavesItZeroInsteadOfNaN() {
    OimLoss o = new OimLoss(4, 3, 2, 0.5, 30);
    o.step(new float[] {0, 0, 0, 0, 0.6f, 0.8f, 0, 0}, new int[] {2, 1});
    float[] lut = o.lut();
    for (float v : lut) {
      assertThat(v).isFinite();
    }
    assertThat(java.util.Arrays.copyOfRange(lut, 4, 8)).containsOnly(0f); // row of pid 2 stays zero
    assertThat(java.util.Arrays.copyOfRange(lut, 0, 4)).containsExactly(0.6f, 0.8f, 0f, 0f);
    // Non-finite embeddings are kept out of the tables.
    o.update(new float[] {Float.NaN, 0, 0, 0}, new int[] {1});
    assertThat(java.util.Arrays.copyOfRange(o.lut(), 0, 4)).containsExactly(0.6f, 0.8f, 0f, 0f);
  }

  @Test
  void rpnLossesAsTorchvisionComputesThem() {
    JsonNode r = ref.get("rpn");
    RpnLoss.Result l = RpnLoss.compute(floats(r.get("objectness")), floats(r.get("deltas")), floats(r.get("targets")),
        ints(r.get("positives")), ints(r.get("negatives")));
    // Measured: values ≤ 1e-8, gradients ≤ 2e-9.
    assertThat(l.objectness()).isCloseTo(r.get("loss_objectness").asDouble(), within(1e-7));
    assertThat(l.box()).isCloseTo(r.get("loss_box").asDouble(), within(1e-7));
    assertThat(maxAbsDiff(l.gradObjectness(), floats(r.get("grad_objectness")))).isLessThan(1e-8);
    float[] g3 = l.gradDeltas().clone();
    for (int i = 0; i < g3.length; i++) {
      g3[i] *= 3;
    }
    assertThat(maxAbsDiff(g3, floats(r.get("grad_deltas_x3")))).isLessThan(1e-8);
  }

  @Test
  void detectionLossesAsTheReleaseComputesThem() {
    JsonNode d = ref.get("detection");
    ProposalLoss.Result p = ProposalLoss.compute(floats(d.get("proposal_logits")), floats(d.get("proposal_regression")),
        ints(d.get("proposal_labels")), floats(d.get("proposal_targets")));
    BoxLoss.Result b = BoxLoss.compute(floats(d.get("box_logits")), floats(d.get("box_regression")),
        ints(d.get("box_labels")), floats(d.get("box_targets")));
    // Measured: values ≤ 9e-8, gradients ≤ 1.5e-8.
    assertThat(p.classification()).isCloseTo(d.get("loss_proposal_cls").asDouble(), within(5e-7));
    assertThat(p.regression()).isCloseTo(d.get("loss_proposal_reg").asDouble(), within(5e-7));
    assertThat(b.classification()).isCloseTo(d.get("loss_box_cls").asDouble(), within(5e-7));
    assertThat(b.regression()).isCloseTo(d.get("loss_box_reg").asDouble(), within(5e-7));
    assertThat(maxAbsDiff(p.gradLogits(), floats(d.get("grad_proposal_logits")))).isLessThan(1e-8);
    float[] g10 = p.gradRegression().clone();
    for (int i = 0; i < g10.length; i++) {
      g10[i] *= (float) SearchLossWeights.release().proposalReg();
    }
    assertThat(maxAbsDiff(g10, floats(d.get("grad_proposal_regression_x10")))).isLessThan(1e-7);
    assertThat(maxAbsDiff(b.gradLogits(), floats(d.get("grad_box_logits")))).isLessThan(1e-8);
    assertThat(maxAbsDiff(b.gradRegression(), floats(d.get("grad_box_regression")))).isLessThan(1e-8);
  }

  @Test
  void normAwareEmbeddingForwardAndBackward() {
    for (String mode : new String[] {"train", "eval"}) {
      JsonNode c = ref.get("nae").get(mode);
      NormAwareEmbedding nae = new NormAwareEmbedding();
      nae.setParameters(0.7f, -0.2f);
      nae.setRunningStatistics(3.0f, 2.0f);
      float[] raw = floats(c.get("raw"));
      NormAwareEmbedding.Forward f = nae.forward(raw, 12, mode.equals("train"));
      // Measured: embeddings ≤ 3e-8, logits ≤ 3e-7, running statistics ≤ 2.4e-7, d raw ≤ 2.4e-7,
      // d weight ≤ 1.8e-6, d bias ≤ 8.5e-7 (sums over the batch).
      assertThat(maxAbsDiff(f.embeddings(), floats(c.get("embeddings")))).as(mode).isLessThan(1e-7);
      assertThat(maxAbsDiff(f.logits(), floats(c.get("logits")))).as(mode).isLessThan(1e-6);
      assertThat(nae.runningMean()).as(mode).isCloseTo((float) c.get("running_mean").asDouble(), within(1e-6f));
      assertThat(nae.runningVar()).as(mode).isCloseTo((float) c.get("running_var").asDouble(), within(1e-6f));
      NormAwareEmbedding.Backward b = nae.backward(raw, f, floats(c.get("grad_embeddings")), floats(c.get("grad_logits")));
      assertThat(maxAbsDiff(b.input(), floats(c.get("grad_raw")))).as(mode).isLessThan(1e-6);
      assertThat(b.weight()).as(mode).isCloseTo(c.get("grad_weight").asDouble(), within(1e-5));
      assertThat(b.bias()).as(mode).isCloseTo(c.get("grad_bias").asDouble(), within(1e-5));
    }
  }
}
