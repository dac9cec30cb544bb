package io.solider.nn.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.solider.nn.head.LayerCase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RoI Align against torchvision 0.14's {@code roi_align} (float64) on boxes that overlap the
 * border, lie mostly outside, cover the whole map, or are smaller than a cell: forward values and
 * the gradient w.r.t. the feature map.
 */
class RoiAlignParityTest {

  private static final Logger log = LoggerFactory.getLogger(RoiAlignParityTest.class);

  /** Against torch in float64; measured ≤ 1.3e-6 (the samples are placed in float, as torchvision's float kernel does). */
  static final double FORWARD_TOLERANCE = 3e-6;
  /** Against torchvision's float32 kernel; measured ≤ 1.9e-7 (summation order only). */
  static final double FLOAT_KERNEL_TOLERANCE = 5e-7;
  /** Gradient w.r.t. the feature map against float64; measured ≤ 6.8e-7. */
  static final double GRADIENT_TOLERANCE = 2e-6;

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "roi_14_s2_unaligned, 14, 2, false",
      "roi_7_adaptive_unaligned, 7, -1, false",
      "roi_7_s2_aligned, 7, 2, true",
      "roi_14_adaptive_aligned, 14, -1, true"})
  void matchesTorchvision(String name, int out, int sampling, boolean aligned) {
    LayerCase c = LayerCase.load(name);
    INDArray x = c.input("x");
    RoiAlign align = new RoiAlign(new RoiAlign.Config(out, out, 0.25, sampling, aligned));
    RoiSampling s = align.sample(c.extra("rois"), (int) x.size(0), (int) x.size(2), (int) x.size(3));
    INDArray y = s.forward(x);
    double fwd = LayerCase.relativeError(y, c.output("y"));
    double fwd32 = LayerCase.relativeError(y, c.output32("y"));
    double grad = LayerCase.relativeError(s.backward(c.gradOut("y"), x.size(1)), c.gradInput("x"));
    log.info("{}: forward {} (vs float32 kernel {}) gradient {}", name, fwd, fwd32, grad);
    assertThat(fwd).isLessThan(FORWARD_TOLERANCE);
    assertThat(fwd32).isLessThan(FLOAT_KERNEL_TOLERANCE);
    assertThat(grad).isLessThan(GRADIENT_TOLERANCE);
  }
}
