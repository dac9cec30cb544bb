package io.solider.nn.backbone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
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
      assertThat(TinyFixture.relativeError(ours, TinyFixture.array("grad/grad_" + name + ".npy")))
          .as(name).isLessThan(BackboneParityTest.GRADIENT_TOLERANCE);
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
