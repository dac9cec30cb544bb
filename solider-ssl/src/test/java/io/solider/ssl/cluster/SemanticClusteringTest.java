package io.solider.ssl.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.solider.ssl.Fixtures;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SemanticClusteringTest {

  @Test
  void keptImagesAndPartMapsMatchTheRelease() {
    INDArray features = Fixtures.array("get_mask", "features.npy");
    long[] expectedKept = Fixtures.array("get_mask", "mask_idxs.npy").toLongVector();
    INDArray expectedMasks = Fixtures.array("get_mask", "masks.npy");
    for (long seed : new long[] {0, 1, 42}) {
      SemanticClustering.Masks m = SemanticClustering.of(3).masks(features, new SplittableRandom(seed));
      assertThat(m.kept()).containsExactly(java.util.Arrays.stream(expectedKept).mapToInt(l -> (int) l).toArray());
      assertThat(m.toArray().reshape(-1).toDoubleVector()).containsExactly(expectedMasks.reshape(-1).toDoubleVector());
    }
  }

  @Test
  void partsAreNumberedTopToBottom() {
    // Three horizontal bands of distinct directions under a weak background column.
    int h = 6;
    int w = 3;
    float[] v = new float[2 * h * w];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int t = y * w + x;
        boolean fg = x < 2;
        int band = y / 2;
        // channel 0 and 1 carry the band's direction, magnitude 5 in the foreground
        double angle = band * Math.PI / 3;
        double mag = fg ? 5 : 0.3;
        v[t] = (float) (mag * Math.cos(angle));
        v[h * w + t] = (float) (mag * Math.sin(angle));
      }
    }
    INDArray f = Nd4j.create(v, new long[] {1, 2, h, w}, 'c');
    SemanticClustering.Masks m = SemanticClustering.of(3).masks(f, new SplittableRandom(3));
    assertThat(m.kept()).containsExactly(0);
    int[][] map = m.labels()[0];
    for (int y = 0; y < h; y++) {
      assertThat(map[y][0]).isEqualTo(y / 2 + 1);
      assertThat(map[y][2]).isZero();
    }
  }

  @Test
  void imageWithTooLittleForegroundIsSkipped() {
    float[] v = new float[4 * 4];
    v[0] = 5;
    v[1] = 5;
    for (int i = 2; i < 16; i++) {
      v[i] = 0.1f;
    }
    INDArray f = Nd4j.create(v, new long[] {1, 1, 4, 4}, 'c');
    assertThat(SemanticClustering.of(3).masks(f, new SplittableRandom(1)).keptCount()).isZero();
  }
}
