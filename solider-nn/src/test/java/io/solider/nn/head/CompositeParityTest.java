package io.solider.nn.head;

import static org.assertj.core.api.Assertions.assertThat;

import io.solider.nn.blocks.Conv2d;
import io.solider.nn.blocks.ConvTranspose2d;
import io.solider.nn.blocks.ParamFactory;
import io.solider.nn.blocks.ParameterStore;
import io.solider.nn.ops.Activations;
import io.solider.nn.ops.AdaptiveAvgPool;
import io.solider.nn.ops.Interpolation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The layers composed in one training graph against the same module in torch: mmpose's top-down
 * heatmap head (ConvTranspose2d k4 s2 p1 without bias → BatchNorm2d → ReLU → Conv2d 1×1) and the
 * release's own PSPModule from SCHP (four pyramid branches AdaptiveAvgPool → Conv1×1 → BN → ReLU
 * → bilinear upsample with align_corners=True, concatenated with the input, then Conv3×3 → BN →
 * ReLU): outputs, gradients w.r.t. the input and every parameter, and the running statistics after
 * the step, under the release's state-dict keys.
 */
class CompositeParityTest {

  private static final Logger log = LoggerFactory.getLogger(CompositeParityTest.class);

  /** Measured: forward ≤ 1.1e-6 (PSP), input gradient ≤ 6.5e-7, parameter gradients ≤ 9.3e-7, statistics ≤ 1e-7. */
  static final double TOLERANCE = 2e-6;

  @Test
  void poseHeadMatchesTorch() {
    LayerCase c = LayerCase.load("pose_head");
    ParameterStore store = ParameterStore.of(c.state(), c.name());
    HeadGraph g = HeadGraph.builder().feature("x", c.sampleShape("x")).training(true).build(store, ctx -> {
      ParamFactory head = ctx.params().child("keypoint_head");
      ParamFactory deconv = head.child("deconv_layers");
      SDVariable x = new ConvTranspose2d(deconv.child("0"),
          ConvTranspose2d.Spec.of(24, 16, 4, 2, 1).withoutBias().withNormalInit(0.001, 0)).apply(ctx.feature("x"));
      x = Activations.relu(ctx.batchNorm(deconv.child("1"), 16).apply(x, 4));
      ctx.output("heatmaps", new Conv2d(head.child("final_layer"), Conv2d.Spec.of(16, 17, 1).withNormalInit(0.001, 0))
          .apply(x));
    });
    assertMatches(c, g, store, "heatmaps");
  }

  @Test
  void pspModuleMatchesTheRelease() {
    LayerCase c = LayerCase.load("psp_module");
    ParameterStore store = ParameterStore.of(c.state(), c.name());
    HeadGraph g = HeadGraph.builder().feature("x", c.sampleShape("x")).training(true)
        .build(store, ctx -> ctx.output("y", psp(ctx, ctx.params().child("context_encoding"), ctx.feature("x"),
            12, 8, 13, 9)));
    assertMatches(c, g, store, "y");
    assertThat(store.unused()).isEmpty();
  }

  /** SCHP's PSPModule(features, out, sizes 1, 2, 3, 6) on a (B, features, h, w) map. */
  static SDVariable psp(HeadGraph.Context ctx, ParamFactory p, SDVariable x, int features, int out, int h, int w) {
    SameDiff sd = ctx.sd();
    List<SDVariable> priors = new ArrayList<>();
    int[] sizes = {1, 2, 3, 6};
    for (int i = 0; i < sizes.length; i++) {
      ParamFactory stage = p.child("stages").child(Integer.toString(i));
      SDVariable y = AdaptiveAvgPool.apply(sd, x, features, h, w, sizes[i], sizes[i]);
      y = new Conv2d(stage.child("1"), Conv2d.Spec.of(features, out, 1).withoutBias()).apply(y);
      y = Activations.relu(ctx.batchNorm(stage.child("2").child("0"), out).apply(y, 4));
      priors.add(Interpolation.resizeBilinear(sd, y, out, sizes[i], sizes[i], h, w, true));
    }
    priors.add(x);
    SDVariable cat = sd.concat(1, priors.toArray(new SDVariable[0]));
    SDVariable b = new Conv2d(p.child("bottleneck").child("0"),
        Conv2d.Spec.of(features + sizes.length * out, out, 3).withPadding(1).withoutBias()).apply(cat);
    return Activations.relu(ctx.batchNorm(p.child("bottleneck").child("1").child("0"), out).apply(b, 4));
  }

  private static void assertMatches(LayerCase c, HeadGraph g, ParameterStore store, String out) {
    Map<String, INDArray> feats = Map.of("x", c.input("x"));
    double fwd = LayerCase.relativeError(g.forward(feats, Map.of()).get(out), c.output(out));
    HeadGradients grads = g.backward(feats, Map.of(), Map.of(out, c.gradOut(out)));
    double in = LayerCase.relativeError(grads.features().get("x"), c.gradInput("x"));
    assertThat(grads.parameters().keySet()).containsExactlyInAnyOrderElementsOf(c.gradientKeys());
    double params = 0;
    for (String k : c.gradientKeys()) {
      double e = LayerCase.relativeError(grads.parameters().get(k), c.gradParam(k));
      assertThat(e).as(k).isLessThan(TOLERANCE);
      params = Math.max(params, e);
    }
    grads.statistics().commit(store);
    double stats = 0;
    int checked = 0;
    for (String k : store.state().keySet()) {
      if (c.has("after." + k)) {
        double e = LayerCase.relativeError(store.array(k), c.after(k));
        assertThat(e).as(k).isLessThan(TOLERANCE);
        stats = Math.max(stats, e);
        checked++;
      }
    }
    log.info("{}: forward {} input grad {} param grads {} statistics {} ({} buffers)", c.name(), fwd, in, params,
        stats, checked);
    assertThat(fwd).isLessThan(TOLERANCE);
    assertThat(in).isLessThan(TOLERANCE);
    assertThat(checked).isEqualTo(3 * grads.statistics().entries().size());
  }
}
