package io.solider.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The probe's blocks against PyTorch: a small reference made by
 * {@code OUT_DIR=examples/src/test/resources/swin_blocks_small /usr/bin/python3 bench/swin_blocks_torch.py
 * --gelu erf --gen --depth 2 --windows 3 --dim 32 --heads 2 --window 7}.
 */
class SwinBlockStackTest {

  private static final Path SMALL = Path.of("src/test/resources/swin_blocks_small");

  @Test
  void readsTheGeometryOfTheReference() throws Exception {
    SwinBlockStack stack = SwinBlockStack.of(SMALL);
    assertThat(new int[] {stack.depth(), stack.windows(), stack.window(), stack.dim(), stack.heads()})
        .containsExactly(2, 3, 7, 32, 2);
    assertThat(ProbeCheck.sameRelativeIndex(stack)).isTrue();
  }

  @Test
  void wholeGraphComputesTheReference() throws Exception {
    check(new WholeStack(SwinBlockStack.of(SMALL)));
  }

  @Test
  void perBlockRecomputationComputesTheReference() throws Exception {
    check(new PerBlockStack(SwinBlockStack.of(SMALL)));
  }

  @Test
  void aMissingReferenceSaysHowToMakeIt(@TempDir Path empty) {
    assertThatThrownBy(() -> SwinBlockStack.of(empty))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no x.npy in " + empty)
        .hasMessageContaining("swin_blocks_torch.py --gelu erf --gen");
  }

  @Test
  void aWrongResultFailsLoudly() {
    assertThatThrownBy(() -> ProbeCheck.require(2e-4, Map.of("d_x", 1e-5)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("output error 2.0E-4");
    assertThatThrownBy(() -> ProbeCheck.require(1e-6, Map.of("d_x", 2e-3)))
        .hasMessageContaining("d_x=0.002");
    assertThatThrownBy(() -> ProbeCheck.require(1e-6, Map.of("d_x", Double.NaN)))
        .isInstanceOf(IllegalStateException.class);
  }

  private static void check(StackRunner runner) throws Exception {
    SwinBlockStack stack = SwinBlockStack.of(SMALL);
    INDArray x = stack.input();
    assertThat(ProbeCheck.outputError(stack, runner.forward(x))).isLessThan(ProbeCheck.OUTPUT_TOLERANCE);
    Map<String, Double> errors = ProbeCheck.gradientErrors(stack, runner.gradients(x, stack.lossWeights()));
    assertThat(errors).hasSize(5).allSatisfy((name, e) ->
        assertThat(e).as(name).isLessThan(ProbeCheck.GRADIENT_TOLERANCE));
  }
}
