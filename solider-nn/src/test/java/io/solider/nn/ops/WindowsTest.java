package io.solider.nn.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.solider.nn.io.Npy;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class WindowsTest {

  /** Runs partition then reverse on a (B, Hp, Wp, C) array; returns {windows, back}. */
  private static Map<String, INDArray> roundTrip(INDArray x, int window) {
    SameDiff sd = SameDiff.create();
    int hp = (int) x.size(1);
    int wp = (int) x.size(2);
    int c = (int) x.size(3);
    SDVariable in = sd.placeHolder("x", DataType.FLOAT, -1, hp, wp, c);
    SDVariable windows = sd.identity("windows", Windows.partitionWindows(in, hp, wp, window, c));
    sd.identity("back", Windows.reverseWindows(windows, hp, wp, window, c));
    return sd.output(Map.of("x", x), "windows", "back");
  }

  @Test
  void windowReverseInvertsWindowPartition() {
    Nd4j.getRandom().setSeed(1);
    INDArray x = Nd4j.randn(DataType.FLOAT, 2, 14, 21, 5);
    Map<String, INDArray> out = roundTrip(x, 7);
    assertThat(out.get("windows").shape()).containsExactly(2 * 2 * 3, 49, 5);
    assertThat(out.get("back")).isEqualTo(x);
  }

  /** fixtures/variants: the release's ShiftWindowMSA.window_partition on a (2, 14, 21, 3) map, window 7. */
  @Test
  void partitionEqualsTheReleasesWindowPartition() throws Exception {
    Path dir = Path.of(WindowsTest.class.getResource("/fixtures/variants").toURI());
    INDArray x = Npy.read(dir.resolve("wp_input.npy"));
    INDArray ref = Npy.read(dir.resolve("wp_windows.npy"));
    assertThat(ref.shape()).containsExactly(12, 7, 7, 3);
    assertThat(roundTrip(x, 7).get("windows")).isEqualTo(ref.reshape(12, 49, 3));
  }

  @Test
  void windowsAreRowMajorOverTheGridAndTokensRowMajorInside() {
    // Value = 100·row + col (channel 0), so every token says where it came from.
    int hp = 6;
    int wp = 9;
    INDArray x = Nd4j.zeros(DataType.FLOAT, 1, hp, wp, 1);
    for (int r = 0; r < hp; r++) {
      for (int c = 0; c < wp; c++) {
        x.putScalar(new long[] {0, r, c, 0}, 100 * r + c);
      }
    }
    INDArray w = roundTrip(x, 3).get("windows");
    for (int wy = 0; wy < 2; wy++) {
      for (int wx = 0; wx < 3; wx++) {
        for (int i = 0; i < 3; i++) {
          for (int j = 0; j < 3; j++) {
            assertThat(w.getFloat(wy * 3 + wx, i * 3 + j, 0)).isEqualTo(100f * (wy * 3 + i) + (wx * 3 + j));
          }
        }
      }
    }
  }

  @Test
  void mapsThatAreNotWholeWindowsAreRefused() {
    SameDiff sd = SameDiff.create();
    SDVariable in = sd.placeHolder("x", DataType.FLOAT, -1, 10, 7, 2);
    assertThatThrownBy(() -> Windows.partitionWindows(in, 10, 7, 7, 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10x7");
  }
}
