package io.solider.nn.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.solider.nn.blocks.ParameterStore;
import io.solider.nn.head.HeadGradients;
import io.solider.nn.head.HeadGraph;
import io.solider.nn.head.LayerCase;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Both ways to apply a separable resampling (matrix products in a graph, sparse loops outside a
 * graph) against the torch cases, and against each other at the parsing loss's size pair.
 */
class SeparableResamplingTest {

  /** Measured ≤ 7.4e-7 (float weights against torch's float64). */
  static final double TOLERANCE = 2e-6;

  /** The torch case's matrices: bilinear (align_corners true/false) or nearest, by output size. */
  static float[][][] matrices(String mode, int h, int w, int oh, int ow) {
    return switch (mode) {
      case "ac" -> new float[][][] {Interpolation.bilinear(h, oh, true), Interpolation.bilinear(w, ow, true)};
      case "hp" -> new float[][][] {Interpolation.bilinear(h, oh, false), Interpolation.bilinear(w, ow, false)};
      case "nearest" -> new float[][][] {Interpolation.nearest(h, oh), Interpolation.nearest(w, ow)};
      case "pool" -> new float[][][] {AdaptiveAvgPool.matrix(h, oh), AdaptiveAvgPool.matrix(w, ow)};
      default -> throw new IllegalArgumentException(mode);
    };
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "bilinear_ac_up, ac, 7, 5, 13, 11",
      "bilinear_ac_down, ac, 9, 12, 4, 5",
      "bilinear_down, hp, 9, 12, 4, 5",
      "bilinear_up, hp, 7, 5, 13, 11",
      "nearest_up, nearest, 5, 7, 11, 13",
      "nearest_down, nearest, 8, 6, 3, 4",
      "pool_6, pool, 13, 9, 6, 6",
      "pool_6_from_5x7, pool, 5, 7, 6, 6",
      "bilinear_ac_36x24_to_143x96, ac, 36, 24, 143, 96"})
  void graphProductsAndSparseLoopsMatchTorch(String name, String mode, int h, int w, int oh, int ow) {
    LayerCase c = LayerCase.load(name);
    float[][][] m = matrices(mode, h, w, oh, ow);
    int channels = (int) c.sampleShape("x")[0];
    HeadGraph g = HeadGraph.builder().feature("x", c.sampleShape("x")).training(true).build(
        ParameterStore.of(Map.of(), name),
        ctx -> ctx.output("y", SeparableResampling.apply(ctx.sd(), ctx.feature("x"), channels, m[0], m[1])));
    Map<String, INDArray> x = Map.of("x", c.input("x"));
    assertThat(LayerCase.relativeError(g.forward(x, Map.of()).get("y"), c.output("y"))).isLessThan(TOLERANCE);
    HeadGradients grads = g.backward(x, Map.of(), Map.of("y", c.gradOut("y")));
    assertThat(LayerCase.relativeError(grads.features().get("x"), c.gradInput("x"))).isLessThan(TOLERANCE);

    assertThat(LayerCase.relativeError(SeparableResampling.apply(c.input("x"), m[0], m[1]), c.output("y")))
        .isLessThan(TOLERANCE);
    assertThat(LayerCase.relativeError(SeparableResampling.adjoint(c.gradOut("y"), m[0], m[1]), c.gradInput("x")))
        .isLessThan(TOLERANCE);
  }

  /** Logits at stride 4 of 572×384 brought to the label size, as the parsing loss does. */
  @Test
  void atTheParsingLossSizeBothPathsAgree() {
    float[][] rows = Interpolation.bilinear(143, 572, true);
    float[][] cols = Interpolation.bilinear(96, 384, true);
    Nd4j.getRandom().setSeed(3);
    INDArray x = Nd4j.randn(DataType.FLOAT, 2, 3, 143, 96);
    INDArray gy = Nd4j.randn(DataType.FLOAT, 2, 3, 572, 384);
    HeadGraph g = HeadGraph.builder().feature("x", 3, 143, 96).training(true).build(ParameterStore.of(Map.of(), "none"),
        ctx -> ctx.output("y", SeparableResampling.apply(ctx.sd(), ctx.feature("x"), 3, rows, cols)));
    INDArray y = g.forward(Map.of("x", x), Map.of()).get("y");
    INDArray gx = g.backward(Map.of("x", x), Map.of(), Map.of("y", gy)).features().get("x");
    assertThat(LayerCase.relativeError(SeparableResampling.apply(x, rows, cols), y.castTo(DataType.DOUBLE)))
        .isLessThan(1e-6);
    assertThat(LayerCase.relativeError(SeparableResampling.adjoint(gy, rows, cols), gx.castTo(DataType.DOUBLE)))
        .isLessThan(1e-6);
  }
}
