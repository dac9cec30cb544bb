package io.solider.nn.head;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.solider.nn.backbone.Backbone;
import io.solider.nn.backbone.BackboneGraph;
import io.solider.nn.backbone.BackboneMode;
import io.solider.nn.backbone.RandomParameters;
import io.solider.nn.backbone.RecomputingBackbone;
import io.solider.nn.backbone.SemanticWeights;
import io.solider.nn.backbone.SwinBackbone;
import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.blocks.BatchNorm;
import io.solider.nn.blocks.Conv2d;
import io.solider.nn.blocks.ConvTranspose2d;
import io.solider.nn.blocks.Linear;
import io.solider.nn.blocks.ParamFactory;
import io.solider.nn.blocks.ParamInit;
import io.solider.nn.blocks.ParameterStore;
import io.solider.nn.ops.Activations;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The head-graph pattern: gradients into the backbone, running statistics, input arrays. */
class HeadGraphTest {

  private static final SwinConfig SMALL = SwinConfig.of(8, List.of(2, 1, 1, 2), List.of(1, 2, 2, 4)).withWindowSize(3);

  /**
   * A small dense head on stage maps 1 (16, 8, 4) and 2 (32, 4, 2) and the pooled feature (64):
   * heat = conv3×3(relu(bn(deconv(stage2))) + conv1×1(stage1)), logits = linear(pooled).
   */
  static Map<String, SDVariable> head(ParamFactory p, BiFunction<ParamFactory, Integer, BatchNorm> bn,
      SDVariable s1, SDVariable s2, SDVariable pooled) {
    SDVariable a = new ConvTranspose2d(p.child("up"), ConvTranspose2d.Spec.of(32, 16, 4, 2, 1).withoutBias()).apply(s2);
    a = Activations.relu(bn.apply(p.child("bn"), 16).apply(a, 4));
    SDVariable b = new Conv2d(p.child("lateral"), Conv2d.Spec.of(16, 16, 1)).apply(s1);
    SDVariable heat = new Conv2d(p.child("out"), Conv2d.Spec.of(16, 5, 3).withPadding(1)).apply(a.add(b));
    SDVariable logits = new Linear(p.child("cls"), 64, 3, true, ParamInit.convDefault(64), ParamInit.convDefault(64))
        .apply(pooled);
    return Map.of("heat", heat, "logits", logits);
  }

  /**
   * Backbone → head graph → Java loss → head backward → RecomputingBackbone.backward gives the
   * gradients of one SameDiff graph holding backbone, head and loss together.
   */
  @Test
  void featureGradientsChainIntoTheBackbone() {
    Backbone backbone = Backbone.initialized(SMALL, 3);
    ParameterStore store = ParameterStore.initialized(new RandomParameters(8));
    Nd4j.getRandom().setSeed(5);
    INDArray images = Nd4j.randn(DataType.FLOAT, 3, 3, 64, 32);
    INDArray sw = SemanticWeights.of(0.2, 0.5, 0.9);
    INDArray target = Nd4j.randn(DataType.FLOAT, 3, 5, 8, 4);
    INDArray w = Nd4j.randn(DataType.FLOAT, 3, 3);

    HeadGraph g = HeadGraph.builder().feature("stage1", 16, 8, 4).feature("stage2", 32, 4, 2).feature("pooled", 64)
        .training(true).build(store, ctx -> head(ctx.params().child("head"), ctx::batchNorm, ctx.feature("stage1"),
            ctx.feature("stage2"), ctx.feature("pooled")).forEach(ctx::output));
    RecomputingBackbone rb = new RecomputingBackbone(backbone, 64, 32);
    RecomputingBackbone.ForwardPass f = rb.forward(images, sw, null);
    Map<String, INDArray> feats = Map.of("stage1", f.outputs().stage(1), "stage2", f.outputs().stage(2),
        "pooled", f.outputs().pooled());
    Map<String, INDArray> out = g.forward(feats, Map.of());
    // loss = ½·Σ(heat − target)² + Σ logits ⊙ w, in Java
    HeadGradients hg = g.backward(feats, Map.of(), Map.of("heat", out.get("heat").sub(target), "logits", w));
    List<INDArray> gradStages = Arrays.asList(null, hg.features().get("stage1"), hg.features().get("stage2"), null);
    RecomputingBackbone.Gradients bg = rb.backward(f, hg.features().get("pooled"), gradStages);

    BackboneGraph whole = backbone.graph(64, 32, BackboneMode.TRAINING);
    SameDiff sd = whole.sameDiff();
    Map<String, SDVariable> o = head(new ParamFactory(sd, store).child("head"), (p, c) -> new BatchNorm(p, c, true),
        sd.getVariable(SwinBackbone.stageOutput(1)), sd.getVariable(SwinBackbone.stageOutput(2)),
        sd.getVariable(SwinBackbone.POOLED));
    SDVariable diff = o.get("heat").sub(sd.constant("target", target));
    SDVariable loss = sd.math().square(diff).sum().mul(0.5).add(o.get("logits").mul(sd.constant("w", w)).sum());
    sd.identity("total", loss);
    sd.setLossVariables("total");
    List<String> names = new ArrayList<>(backbone.parameters().keySet());
    names.removeIf(k -> k.startsWith("semantic_embed_w.3") || k.startsWith("semantic_embed_b.3"));
    names.addAll(g.parameters().keySet());
    Map<String, INDArray> ref = sd.calculateGradients(whole.placeholders(images, sw, null), names);

    int compared = 0;
    for (String n : names) {
      INDArray ours = n.startsWith("head.") ? hg.parameters().get(n) : bg.parameters().get(n);
      if (ref.get(n) == null) { // norm0: the loss does not reach stage 0's output
        assertThat(ours.amaxNumber().doubleValue()).as(n).isZero();
        continue;
      }
      assertThat(LayerCase.relativeError(ours, ref.get(n).castTo(DataType.DOUBLE))).as(n).isLessThan(1e-5);
      compared++;
    }
    assertThat(compared).isGreaterThan(names.size() - 3);
    assertThat(hg.statistics().entries()).hasSize(1);
  }

  @Test
  void runningStatisticsMoveOnlyWhenCommittedAndInferenceGraphsSeeThem() {
    ParameterStore store = ParameterStore.initialized(new RandomParameters(1));
    HeadGraph train = HeadGraph.builder().feature("x", 4, 3, 5).training(true)
        .build(store, ctx -> ctx.output("y", ctx.batchNorm(ctx.params().child("bn"), 4).apply(ctx.feature("x"), 4)));
    HeadGraph eval = HeadGraph.builder().feature("x", 4, 3, 5)
        .build(store, ctx -> ctx.output("y", ctx.batchNorm(ctx.params().child("bn"), 4).apply(ctx.feature("x"), 4)));
    assertThat(store.state().keySet()).containsExactly("bn.weight", "bn.bias", "bn.running_mean", "bn.running_var",
        "bn.num_batches_tracked");
    store.array("bn.weight").assign(Nd4j.createFromArray(1.5f, 0.5f, 2f, 1f));
    Nd4j.getRandom().setSeed(2);
    INDArray x = Nd4j.randn(DataType.FLOAT, 6, 4, 3, 5).muli(3).addi(1);
    Map<String, INDArray> feats = Map.of("x", x);

    HeadGradients g = train.backward(feats, Map.of(), Map.of("y", Nd4j.ones(DataType.FLOAT, 6, 4, 3, 5)));
    assertThat(store.array("bn.running_mean").amaxNumber().doubleValue()).isZero();
    assertThat(store.array("bn.num_batches_tracked").getLong(0)).isZero();
    g.statistics().commit(store);

    INDArray mean = x.mean(0, 2, 3);
    INDArray unbiased = x.var(true, 0, 2, 3);
    assertThat(LayerCase.relativeError(store.array("bn.running_mean"), mean.mul(0.1).castTo(DataType.DOUBLE)))
        .isLessThan(1e-6);
    assertThat(LayerCase.relativeError(store.array("bn.running_var"),
        unbiased.mul(0.1).add(0.9).castTo(DataType.DOUBLE))).isLessThan(1e-6);
    assertThat(store.array("bn.num_batches_tracked").getLong(0)).isEqualTo(1);

    INDArray scale = store.array("bn.weight").div(Nd4j.math().sqrt(store.array("bn.running_var").add(1e-5)));
    INDArray expected = x.sub(store.array("bn.running_mean").reshape(1, 4, 1, 1)).mul(scale.reshape(1, 4, 1, 1));
    assertThat(LayerCase.relativeError(eval.forward(feats, Map.of()).get("y"), expected.castTo(DataType.DOUBLE)))
        .isLessThan(1e-6);
  }

  /** SameDiff copies a second same-shaped batch into the first one's array unless the graph lets go of it. */
  @Test
  void aSecondBatchLeavesTheFirstBatchAlone() {
    ParameterStore store = ParameterStore.initialized(new RandomParameters(4));
    HeadGraph g = HeadGraph.builder().feature("x", 3, 4, 4).training(true)
        .build(store, ctx -> ctx.output("y", new Conv2d(ctx.params().child("c"), Conv2d.Spec.of(3, 2, 3)
            .withPadding(1)).apply(ctx.feature("x"))));
    INDArray x1 = Nd4j.rand(DataType.FLOAT, 2, 3, 4, 4);
    INDArray keep = x1.dup();
    INDArray y1 = g.forward(Map.of("x", x1), Map.of()).get("y").dup();
    INDArray x2 = Nd4j.rand(DataType.FLOAT, 2, 3, 4, 4);
    g.backward(Map.of("x", x2), Map.of(), Map.of("y", Nd4j.ones(DataType.FLOAT, 2, 2, 4, 4)));
    assertThat(x1).isEqualTo(keep);
    assertThat(g.forward(Map.of("x", x1), Map.of()).get("y")).isEqualTo(y1);
  }

  @Test
  void aBatchNormTheGraphDoesNotTrackIsRefused() {
    ParameterStore store = ParameterStore.initialized(new RandomParameters(1));
    assertThatThrownBy(() -> HeadGraph.builder().feature("x", 4).training(true).build(store,
        ctx -> ctx.output("y", new BatchNorm(ctx.params().child("bn"), 4, true).apply(ctx.feature("x"), 2))))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("Context.batchNorm");
  }

  @Test
  void aBatchNormWithOneValuePerChannelIsRefusedAsInTorch() {
    ParameterStore store = ParameterStore.initialized(new RandomParameters(1));
    HeadGraph g = HeadGraph.builder().feature("x", 4).training(true)
        .build(store, ctx -> ctx.output("y", ctx.batchNorm(ctx.params().child("bn"), 4).apply(ctx.feature("x"), 2)));
    Map<String, INDArray> one = Map.of("x", Nd4j.ones(DataType.FLOAT, 1, 4));
    assertThatThrownBy(() -> g.backward(one, Map.of(), Map.of("y", Nd4j.ones(DataType.FLOAT, 1, 4))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batch norm bn. normalises one value per channel");
  }

  @Test
  void missingGradientsAndInputsAreNamed() {
    ParameterStore store = ParameterStore.initialized(new RandomParameters(1));
    HeadGraph g = HeadGraph.builder().feature("x", 4).training(true).build(store, ctx -> {
      ctx.output("a", ctx.feature("x").mul(ctx.input("m", -1, 4)));
      ctx.output("b", ctx.feature("x").mul(2));
    });
    Map<String, INDArray> feats = Map.of("x", Nd4j.ones(DataType.FLOAT, 2, 4));
    assertThatThrownBy(() -> g.forward(feats, Map.of())).hasMessageContaining("missing input 'm'");
    assertThatThrownBy(() -> g.forward(Map.of("x", Nd4j.ones(DataType.FLOAT, 2, 5)), Map.of()))
        .hasMessageContaining("feature 'x' has shape [2, 5], the head takes (B, 4)");
    Map<String, INDArray> extras = new HashMap<>(Map.of("m", Nd4j.ones(DataType.FLOAT, 2, 4)));
    assertThatThrownBy(() -> g.backward(feats, extras, Map.of("a", Nd4j.ones(DataType.FLOAT, 2, 4))))
        .hasMessageContaining("no gradient for output 'b'");
    HeadGradients grads = g.backward(feats, extras, Map.of("a", Nd4j.ones(DataType.FLOAT, 2, 4),
        "b", Nd4j.ones(DataType.FLOAT, 2, 4)));
    assertThat(grads.features().get("x")).isEqualTo(Nd4j.valueArrayOf(new long[] {2, 4}, 3f));
  }
}
