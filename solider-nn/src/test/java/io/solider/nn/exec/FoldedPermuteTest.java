package io.solider.nn.exec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A folded permute copies exactly what the permute it replaces copies. */
class FoldedPermuteTest {

  @Test
  void windowPartitionFoldsToRankFour() {
    FoldedPermute f = FoldedPermute.of(new long[] {2, 3, 7, 4, 7, 8}, new long[] {0, 1, 3, 2, 4, 5});
    assertThat(f.inputShape()).containsExactly(6, 7, 4, 56);
    assertThat(f.permutation()).containsExactly(0, 2, 1, 3);
    assertThat(f.outputShape()).containsExactly(6, 4, 7, 56);
  }

  @Test
  void aPermuteThatFoldsNowhereIsLeftAlone() {
    assertThat(FoldedPermute.of(new long[] {5, 4, 3, 2, 6}, new long[] {2, 0, 3, 1, 4})).isNull();
    assertThat(FoldedPermute.of(new long[] {5, 4}, new long[] {1, 0})).isNull();
  }

  @Test
  void foldedCopiesEqualThePermutedArray() {
    long[][] shapes = {{2, 3, 7, 4, 7, 8}, {1, 5, 1, 4, 3}, {2, 1, 3, 1}, {1, 1, 1}, {3, 4, 5, 6}, {2, 3, 2, 2, 3, 2}};
    long[][] perms = {{0, 1, 3, 2, 4, 5}, {2, 0, 3, 1, 4}, {3, 2, 1, 0}, {2, 0, 1}, {0, 1, 2, 3}, {0, 1, 3, 5, 2, 4}};
    for (int c = 0; c < shapes.length; c++) {
      INDArray x = Nd4j.rand(DataType.FLOAT, shapes[c]);
      int[] p = new int[perms[c].length];
      for (int i = 0; i < p.length; i++) {
        p[i] = (int) perms[c][i];
      }
      INDArray want = x.permute(p).dup('c');
      FoldedPermute f = FoldedPermute.of(shapes[c], perms[c]);
      assertThat(f).as("case %d folds", c).isNotNull();
      INDArray got = x.reshape('c', f.inputShape()).permute(f.permutation()).dup('c').reshape('c', want.shape());
      assertThat(got).as("case %d", c).isEqualTo(want);
    }
  }
}
