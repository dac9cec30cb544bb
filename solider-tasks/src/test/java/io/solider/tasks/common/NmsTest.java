package io.solider.tasks.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** IoU conventions and the NMS variants, on boxes whose overlaps are worked out by hand. */
class NmsTest {

  @Test
  void iouConventionsDifferByOnePixel() {
    double[] a = {0, 0, 9, 9};
    double[] b = {5, 0, 14, 9};
    // continuous: 4×9 / (81 + 81 − 36); inclusive: 5×10 / (100 + 100 − 50)
    assertThat(BoxOverlap.CONTINUOUS.iou(a, 0, b, 0)).isCloseTo(36.0 / 126, within(1e-15));
    assertThat(BoxOverlap.PIXEL_INCLUSIVE.iou(a, 0, b, 0)).isCloseTo(50.0 / 150, within(1e-15));
    assertThat(BoxOverlap.CONTINUOUS.iou(a, 0, new double[] {20, 20, 30, 30}, 0)).isZero();
    assertThat(BoxOverlap.PIXEL_INCLUSIVE.iouMatrix(a, new double[] {0, 0, 9, 9, 5, 0, 14, 9}))
        .containsExactly(1.0, 50.0 / 150);
  }

  @Test
  void thresholdEqualitySuppressesOnlyInTheCpuVariant() {
    // Inclusive IoU of these two is exactly 0.5: 10×10 / (100 + 100 − 100·0)… built as 20×10 vs 10×10 inside.
    float[] boxes = {0, 0, 19, 9, 0, 0, 9, 9};
    float[] scores = {0.9f, 0.8f};
    assertThat(BoxOverlap.PIXEL_INCLUSIVE.iou(boxes, 0, boxes, 4)).isEqualTo(0.5f);
    assertThat(Nms.mmdetCuda(0.5f).keep(boxes, scores)).containsExactly(0, 1);
    assertThat(Nms.mmdetCpu(0.5f).keep(boxes, scores)).containsExactly(0);
    // Continuous: 9×9 / (19·9) = 0.4737 stays below 0.5 either way.
    assertThat(Nms.torchvision(0.5).keep(boxes, scores)).containsExactly(0, 1);
  }

  @Test
  void onlyKeptBoxesSuppressAndOrderIsByScore() {
    // b overlaps a and c; a suppresses b; c survives although b would have suppressed it.
    float[] boxes = {0, 0, 10, 10, 4, 0, 14, 10, 8, 0, 18, 10};
    float[] scores = {0.5f, 0.9f, 0.4f};
    assertThat(Nms.torchvision(0.3).keep(boxes, scores)).containsExactly(1);
    scores = new float[] {0.9f, 0.5f, 0.4f};
    assertThat(Nms.torchvision(0.3).keep(boxes, scores)).containsExactly(0, 2);
    scores = new float[] {0.4f, 0.4f, 0.4f};
    assertThat(Nms.torchvision(0.3).keep(boxes, scores)).containsExactly(0, 2);
  }

  @Test
  void badInputIsRefused() {
    assertThatThrownBy(() -> Nms.torchvision(1.5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Nms.torchvision(0.5).keep(new float[7], new float[2]))
        .hasMessageContaining("expected 8 box coordinates");
    assertThat(Nms.torchvision(0.5).keep(new float[0], new float[0])).isEmpty();
  }
}
