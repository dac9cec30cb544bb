package io.solider.nn.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class WindowGeometryTest {

  @Test
  void relativeIndexIsRowMajorOverRowThenColumnOffsets() {
    int w = 7;
    int[] idx = WindowGeometry.relativePositionIndex(w);
    int n = w * w;
    // A token with itself: Δ = (0, 0) → the table's centre row.
    assertThat(idx[0]).isEqualTo(6 * 13 + 6);
    // i = (0,0), j = (0,1): Δcol = −1.
    assertThat(idx[1]).isEqualTo(6 * 13 + 5);
    // i = (0,0), j = (1,0): Δrow = −1.
    assertThat(idx[w]).isEqualTo(5 * 13 + 6);
    // i = (6,6), j = (0,0): Δ = (6, 6), the last row.
    assertThat(idx[(n - 1) * n]).isEqualTo(12 * 13 + 12);
  }

  @Test
  void oneHotGathersTheIndexedRows() {
    INDArray g = WindowGeometry.relativePositionOneHot(3);
    int[] idx = WindowGeometry.relativePositionIndex(3);
    assertThat(g.shape()).containsExactly(81, 25);
    assertThat(g.sumNumber().intValue()).isEqualTo(81);
    for (int p = 0; p < idx.length; p++) {
      assertThat(g.getFloat(p, idx[p])).isEqualTo(1f);
    }
  }

  @Test
  void shiftMaskSeparatesTheNineRegions() {
    // 14×7 padded map, window 7, shift 3: 2 windows.
    INDArray m = WindowGeometry.shiftMask(14, 7, 7, 3);
    assertThat(m.shape()).containsExactly(2, 49, 49);
    // The first window lies entirely in region (0, ·) rows; its columns split at 4: 0..3 vs 4..6.
    assertThat(m.getFloat(0, 0, 3)).isEqualTo(0f);
    assertThat(m.getFloat(0, 0, 4)).isEqualTo(-100f);
    // The mask is symmetric and zero on the diagonal.
    assertThat(m.sub(m.permute(0, 2, 1)).amaxNumber().doubleValue()).isZero();
    for (int i = 0; i < 49; i++) {
      assertThat(m.getFloat(1, i, i)).isZero();
    }
    // Second window: rows 7..10 and 11..13 are different regions.
    assertThat(m.getFloat(1, 0, 4 * 7)).isEqualTo(-100f);
  }

  @Test
  void shiftMaskRejectsMapsThatAreNotWholeWindows() {
    assertThatThrownBy(() -> WindowGeometry.shiftMask(10, 7, 7, 3))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a multiple of the window");
  }

  @Test
  void padToRoundsUp() {
    assertThat(WindowGeometry.padTo(64, 7)).isEqualTo(70);
    assertThat(WindowGeometry.padTo(14, 7)).isEqualTo(14);
    assertThat(WindowGeometry.padTo(1, 4)).isEqualTo(4);
  }
}
