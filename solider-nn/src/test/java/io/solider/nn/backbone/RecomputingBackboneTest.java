package io.solider.nn.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Segment-by-segment recomputation gives the whole graph's outputs and gradients. */
class RecomputingBackboneTest {

  @Test
  void gradientsMatchTheReleaseFixture() {
    Backbone b = TinyFixture.backbone();
    RecomputingBackbone r = new RecomputingBackbone(b, 256, 128);
    INDArray sw = TinyFixture.array("grad/sw.npy");
    RecomputingBackbone.ForwardPass f = r.forward(TinyFixture.input(), sw, null);
    assertThat(TinyFixture.relativeError(f.outputs().pooled(), TinyFixture.reference("mixed", "pooled")))
        .isLessThan(BackboneParityTest.FORWARD_TOLERANCE);
    RecomputingBackbone.Gradients g = r.backward(f, TinyFixture.array("grad/R.npy"), null);
    for (String name : TinyFixture.gradientNames()) {
      INDArray ours = name.equals("input") ? g.input() : g.parameters().get(name);
      assertThat(TinyFixture.measured("release recomputed gradient " + name, ours,
          TinyFixture.array("grad/grad_" + name + ".npy"))).as(name).isLessThan(BackboneParityTest.GRADIENT_TOLERANCE);
    }
    assertThat(g.parameters().get("semantic_embed_w.3.weight").amaxNumber().doubleValue()).isZero();
  }

  @Test
  void withDropPathAndStageGradientsItEqualsTheWholeGraph() {
    SwinConfig cfg = BackboneGraphTest.SMALL.withDropPathRate(0.4);
    Backbone b = Backbone.initialized(cfg, 21);
    INDArray x = BackboneGraphTest.images(3, 40, 24, 8);
    INDArray sw = SemanticWeights.of(0.1, 0.6, 0.9);
    BackboneGraph whole = b.graph(40, 24, BackboneMode.TRAINING);
    INDArray keep = whole.dropPathKeep(3, new SplittableRandom(5));
    Nd4j.getRandom().setSeed(9);
    List<INDArray> gradStages = new ArrayList<>();
    BackboneOutputs shapes = b.graph(40, 24, BackboneMode.INFERENCE).forward(x, sw);
    for (int i = 0; i < 4; i++) {
      gradStages.add(Nd4j.randn(DataType.FLOAT, shapes.stage(i).shape()));
    }
    INDArray gradPooled = Nd4j.randn(DataType.FLOAT, 3, cfg.pooledDim());

    SameDiff sd = whole.sameDiff();
    var loss = sd.getVariable(SwinBackbone.POOLED).mul(sd.constant("gp", gradPooled)).sum();
    for (int i = 0; i < 4; i++) {
      loss = loss.add(sd.getVariable(SwinBackbone.stageOutput(i)).mul(sd.constant("gs" + i, gradStages.get(i))).sum());
    }
    sd.identity("loss", loss);
    sd.setLossVariables("loss");
    Map<String, INDArray> ph = whole.placeholders(x, sw, new SplittableRandom(5));
    ph.put(SwinBackbone.DROP_PATH_KEEP, keep);
    List<String> names = new ArrayList<>(b.parameters().keySet());
    names.removeIf(k -> k.startsWith("semantic_embed_w.3") || k.startsWith("semantic_embed_b.3"));
    Map<String, INDArray> ref = sd.calculateGradients(ph, names);

    RecomputingBackbone r = new RecomputingBackbone(b, 40, 24);
    RecomputingBackbone.ForwardPass f = r.forward(x, sw, keep);
    RecomputingBackbone.Gradients g = r.backward(f, gradPooled, gradStages);
    for (String n : names) {
      assertThat(TinyFixture.relativeError(g.parameters().get(n), ref.get(n))).as(n).isLessThan(1e-5);
    }
  }

  /**
   * The detection variant (stride-1 last merging, no norm0) and person search's RoI-head range,
   * with drop path (columns numbered over the whole backbone) and a gradient on every output the
   * graph exposes: recomputation equals the whole graph, d/d input included.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"detection, -1, 3, 44, 36", "search head, 2, 3, 6, 5", "search trunk, -1, 2, 40, 24"})
  void stridesAndRangesWithDropPathEqualTheWholeGraph(String name, int after, int last, int h, int w) {
    boolean detection = name.equals("detection");
    SwinConfig cfg = BackboneGraphTest.SMALL.withDropPathRate(0.4);
    if (detection) {
      cfg = cfg.withStrides(4, 2, 2, 1).withOutIndices(1, 2, 3);
    }
    Backbone b = Backbone.initialized(cfg, 13);
    StageRange range = new StageRange(after, last);
    INDArray x = range.fromImage() ? BackboneGraphTest.images(3, h, w, 8)
        : Nd4j.randn(DataType.FLOAT, 3, cfg.channels(after), h, w);
    INDArray sw = SemanticWeights.of(0.1, 0.6, 0.9);
    BackboneGraph whole = b.graph(range, h, w, BackboneMode.TRAINING);
    INDArray keep = whole.dropPathKeep(3, new SplittableRandom(5));
    BackboneOutputs shapes = b.graph(range, h, w, BackboneMode.INFERENCE).forward(x, sw);
    Nd4j.getRandom().setSeed(9);
    List<INDArray> gradStages = new ArrayList<>();
    SameDiff sd = whole.sameDiff();
    INDArray gradPooled = Nd4j.randn(DataType.FLOAT, 3, cfg.channels(last));
    var loss = sd.getVariable(SwinBackbone.POOLED).mul(sd.constant("gp", gradPooled)).sum();
    for (int i = 0; i < 4; i++) {
      INDArray map = shapes.stages().get(i);
      gradStages.add(map == null ? null : Nd4j.randn(DataType.FLOAT, map.shape()));
      if (map != null) {
        loss = loss.add(sd.getVariable(SwinBackbone.stageOutput(i)).mul(sd.constant("gs" + i, gradStages.get(i))).sum());
      }
    }
    assertThat(shapes.stages().get(0) == null).isEqualTo(detection || !range.fromImage());
    sd.identity("loss", loss);
    sd.setLossVariables("loss");
    SDVariable in = sd.getVariable(SwinBackbone.INPUT);
    in.setArray(x);
    sd.convertToVariables(List.of(in));
    RecomputingBackbone r = new RecomputingBackbone(b, range, h, w);
    RecomputingBackbone.ForwardPass f = r.forward(x, sw, keep);
    RecomputingBackbone.Gradients g = r.backward(f, gradPooled, gradStages);
    List<String> names = new ArrayList<>(g.parameters().keySet());
    names.removeIf(k -> k.startsWith("semantic_embed_w.3") || k.startsWith("semantic_embed_b.3"));
    names.add(SwinBackbone.INPUT);
    Map<String, INDArray> ref = sd.calculateGradients(
        Map.of(SwinBackbone.SEMANTIC_WEIGHT, sw, SwinBackbone.DROP_PATH_KEEP, keep), names);
    for (String n : names) {
      INDArray ours = n.equals(SwinBackbone.INPUT) ? g.input() : g.parameters().get(n);
      assertThat(TinyFixture.relativeError(ours, ref.get(n))).as(n).isLessThan(1e-5);
    }
    // The range reads only its own parameters.
    assertThat(g.parameters().keySet().stream().anyMatch(k -> k.startsWith("patch_embed")))
        .isEqualTo(range.fromImage());
    assertThat(g.parameters().keySet().stream().anyMatch(k -> k.startsWith("stages.3")))
        .isEqualTo(last == 3);
  }

  @Test
  void aGradientForAStageTheGraphDoesNotOutputIsRefused() {
    SwinConfig cfg = BackboneGraphTest.SMALL.withOutIndices(1, 2, 3);
    Backbone b = Backbone.initialized(cfg, 2);
    RecomputingBackbone r = new RecomputingBackbone(b, 32, 16);
    INDArray x = BackboneGraphTest.images(1, 32, 16, 3);
    RecomputingBackbone.ForwardPass f = r.forward(x, SemanticWeights.of(0.5), null);
    assertThat(f.outputs().stages().get(0)).isNull();
    List<INDArray> grads = new ArrayList<>(java.util.Collections.nCopies(4, (INDArray) null));
    grads.set(0, Nd4j.zeros(DataType.FLOAT, 1, 8, 8, 4));
    assertThatThrownBy(() -> r.backward(f, null, grads)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stage 0").hasMessageContaining("outIndices [1, 2, 3]");
    assertThatThrownBy(() -> r.forward(BackboneGraphTest.images(1, 30, 16, 3), SemanticWeights.of(0.5), null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(B, 3, 32, 16)");
  }

  /** At 32×16 the last stage is one token: the pooled gradient needs no broadcast (regression test). */
  @Test
  void aOneTokenLastStageEqualsTheWholeGraph() {
    Backbone b = Backbone.initialized(BackboneGraphTest.SMALL, 4);
    INDArray x = BackboneGraphTest.images(2, 32, 16, 6);
    INDArray sw = SemanticWeights.of(0.2, 1.0);
    INDArray gradPooled = Nd4j.rand(DataType.FLOAT, 2, BackboneGraphTest.SMALL.pooledDim());
    BackboneGraph whole = b.graph(32, 16, BackboneMode.TRAINING);
    SameDiff sd = whole.sameDiff();
    sd.identity("loss", sd.getVariable(SwinBackbone.POOLED).mul(sd.constant("gp", gradPooled)).sum());
    sd.setLossVariables("loss");
    Map<String, INDArray> ph = whole.placeholders(x, sw, new SplittableRandom(1));
    Map<String, INDArray> ref = sd.calculateGradients(ph, List.of("patch_embed.projection.weight", "norm3.weight"));

    RecomputingBackbone r = new RecomputingBackbone(b, 32, 16);
    RecomputingBackbone.ForwardPass f = r.forward(x, sw, null);
    assertThat(f.outputs().stage(3).size(2) * f.outputs().stage(3).size(3)).isEqualTo(1);
    RecomputingBackbone.Gradients g = r.backward(f, gradPooled, null);
    for (String n : ref.keySet()) {
      assertThat(TinyFixture.relativeError(g.parameters().get(n), ref.get(n))).as(n).isLessThan(1e-5);
    }
  }

  /**
   * A training loop calls forward/backward many times with new batches: each run must use its own
   * batch and leave the caller's earlier arrays alone (SameDiff used to keep the first batch as
   * the segment variable's array and copy later batches into it), also after the pass is closed.
   */
  @Test
  void repeatedStepsUseEachBatchAndLeaveEarlierBatchesAlone() {
    SwinConfig cfg = BackboneGraphTest.SMALL;
    Backbone b = Backbone.initialized(cfg, 3);
    INDArray sw = SemanticWeights.of(0.3, 0.7);
    INDArray x1 = BackboneGraphTest.images(2, 40, 24, 11);
    INDArray x2 = BackboneGraphTest.images(2, 40, 24, 12);
    INDArray x1Copy = x1.dup();
    INDArray gradPooled = Nd4j.rand(DataType.FLOAT, 2, cfg.pooledDim());

    RecomputingBackbone fresh = new RecomputingBackbone(b, 40, 24);
    RecomputingBackbone.ForwardPass ref = fresh.forward(x2, sw, null);
    RecomputingBackbone.Gradients expected = fresh.backward(ref, gradPooled, null);

    RecomputingBackbone loop = new RecomputingBackbone(b, 40, 24);
    for (INDArray x : List.of(x1, x2, x1, x2)) {
      RecomputingBackbone.ForwardPass f = loop.forward(x, sw, null);
      RecomputingBackbone.Gradients g = loop.backward(f, gradPooled, null);
      if (x == x2) {
        assertThat(TinyFixture.relativeError(g.input(), expected.input())).isLessThan(1e-6);
        for (String n : b.parameters().keySet()) {
          INDArray want = expected.parameters().get(n);
          double diff = g.parameters().get(n).sub(want).amaxNumber().doubleValue();
          assertThat(diff).as(n).isLessThanOrEqualTo(1e-6 * want.amaxNumber().doubleValue());
        }
      }
      f.close();
      g.parameters().values().forEach(INDArray::close);
      g.input().close();
      assertThat(x1).isEqualTo(x1Copy);
    }
  }
}
