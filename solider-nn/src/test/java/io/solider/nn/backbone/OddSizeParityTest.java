package io.solider.nn.backbone;

import static org.assertj.core.api.Assertions.assertThat;

import io.solider.nn.io.Npy;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Input sizes that are multiples of neither the patch nor the window (every pad, odd merge and
 * 1×1 last stage), against fixtures/odd: a PyTorch transcription of the release
 * (make_odd_sizes.py) that first reproduces the release fixture to 6e-7.
 */
class OddSizeParityTest {

  @ParameterizedTest(name = "{0}x{1}")
  @CsvSource({"250, 122", "97, 45", "30, 17"})
  void outputsMatchAtSizesThatNeedPadding(int h, int w) throws Exception {
    Path dir = TinyFixture.dir().resolveSibling("odd");
    String tag = h + "x" + w;
    BackboneOutputs out = TinyFixture.backbone().graph(h, w, BackboneMode.INFERENCE)
        .forward(Npy.read(dir.resolve("input_" + tag + ".npy")), Npy.read(dir.resolve("sw.npy")));
    assertThat(TinyFixture.measured("odd " + tag + " pooled", out.pooled(), Npy.read(dir.resolve("pooled_" + tag + ".npy"))))
        .isLessThan(BackboneParityTest.FORWARD_TOLERANCE);
    for (int i = 0; i < 4; i++) {
      INDArray ref = Npy.read(dir.resolve("stage" + i + "_" + tag + ".npy"));
      assertThat(TinyFixture.measured("odd " + tag + " stage" + i, out.stage(i), ref)).as("stage %d", i)
          .isLessThan(BackboneParityTest.FORWARD_TOLERANCE);
    }
  }
}
