package io.solider.nn.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The weights behind pooling, interpolation, dropout and RoI sampling, checked by hand. */
class ResamplingMatricesTest {

  /** PyTorch's bins for 5 → 3: [0, 2), [1, 4), [3, 5). */
  @Test
  void adaptivePoolingUsesTorchsOverlappingBins() {
    float[][] m = AdaptiveAvgPool.matrix(5, 3);
    assertThat(m[0]).containsExactly(0.5f, 0.5f, 0f, 0f, 0f);
    assertThat(m[1]).containsExactly(0f, 1f / 3, 1f / 3, 1f / 3, 0f);
    assertThat(m[2]).containsExactly(0f, 0f, 0f, 0.5f, 0.5f);
  }

  @Test
  void scaleFactorSizesAndCornerRules() {
    assertThat(Interpolation.outputSize(572, 0.75)).isEqualTo(429);
    assertThat(Interpolation.outputSize(10, 0.75)).isEqualTo(7);
    assertThat(Interpolation.bilinear(3, 5, true)[1]).containsExactly(0.5f, 0.5f, 0f);
    // align_corners=False, 3 → 6: output 1 reads (1 + ½)·½ − ½ = 0.25
    assertThat(Interpolation.bilinear(3, 6, false)[1]).containsExactly(0.75f, 0.25f, 0f);
    assertThat(Interpolation.bilinear(3, 6, false)[0]).containsExactly(1f, 0f, 0f); // clamped at 0
    for (float[] row : Interpolation.bilinearScaled(10, 0.75, false)) {
      float sum = 0;
      for (float v : row) {
        sum += v;
      }
      assertThat(sum).isEqualTo(1f);
    }
    assertThatThrownBy(() -> Interpolation.bilinearScaled(10, 0, true)).isInstanceOf(IllegalArgumentException.class);
  }

  /** The plain-Java resize by hand: 1×3 → 1×6 (align_corners False), 2×2 → 3×3 (True). */
  @Test
  void plainResizeUsesTheSameWeights() {
    // outputs read 0, 0.25, 0.75, 1.25, 1.75 and 2.25 (clamped: both taps on the last value)
    assertThat(Interpolation.resizeBilinear(new float[] {1, 2, 4}, 1, 1, 3, 1, 6, false))
        .containsExactly(1f, 1.25f, 1.75f, 2.5f, 3.5f, 4f);
    float[] twoPlanes = {0, 2, 4, 6, 1, 1, 1, 1};
    assertThat(Interpolation.resizeBilinear(twoPlanes, 2, 2, 2, 3, 3, true))
        .containsExactly(0f, 1f, 2f, 2f, 3f, 4f, 4f, 5f, 6f, 1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f);
    assertThat(Interpolation.resizeBilinear(new float[] {3, 5}, 1, 1, 2, 1, 2, false)).containsExactly(3f, 5f);
    assertThatThrownBy(() -> Interpolation.resizeBilinear(new float[5], 1, 2, 3, 4, 4, true))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Interpolation.resizeBilinear(new float[6], 1, 2, 3, 0, 4, true))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void dropoutMasksAreReproducibleAndScaled() {
    INDArray a = Dropout2d.mask(new SplittableRandom(7), 64, 256, 0.1);
    INDArray b = Dropout2d.mask(new SplittableRandom(7), 64, 256, 0.1);
    assertThat(a).isEqualTo(b);
    double kept = a.gt(0).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).meanNumber().doubleValue();
    assertThat(kept).isBetween(0.88, 0.92);
    assertThat(a.maxNumber().floatValue()).isEqualTo((float) (1 / 0.9));
  }

  @Test
  void roiBatchIndicesAreChecked() {
    RoiAlign align = new RoiAlign(new RoiAlign.Config(7, 7, 0.25, 2, false));
    INDArray rois = Nd4j.createFromArray(new float[][] {{2, 0, 0, 8, 8}});
    assertThatThrownBy(() -> align.sample(rois, 2, 5, 5)).hasMessageContaining("roi 0 has batch index 2");
    assertThatThrownBy(() -> align.sample(Nd4j.createFromArray(new float[][] {{0, 0, 0, 8}}), 2, 5, 5))
        .hasMessageContaining("(K, 5)");
  }

  /** A box entirely outside the map samples nothing: zeros out, zeros back. */
  @Test
  void aBoxOutsideTheMapGivesZeros() {
    RoiAlign align = new RoiAlign(new RoiAlign.Config(2, 2, 1.0, 2, false));
    RoiSampling s = align.sample(Nd4j.createFromArray(new float[][] {{0, 20, 20, 30, 30}}), 1, 4, 4);
    INDArray f = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, 3, 4, 4);
    assertThat(s.forward(f).amaxNumber().doubleValue()).isZero();
    assertThat(s.backward(Nd4j.ones(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, 3, 2, 2), 3).amaxNumber()
        .doubleValue()).isZero();
  }
}
