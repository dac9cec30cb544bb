package io.solider.tasks.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NumpySumTest {

  /** Sum in the order of NumPy: pairwise within blocks of 8192, blocks added one by one. */
  @Test
  void blocksOf8192AreSummedPairwiseThenInSequence() {
    double[] x = new double[8192 + 300];
    SplittableRandom r = new SplittableRandom(1);
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextDouble() * Math.exp(10 * r.nextGaussian());
    }
    double[] head = java.util.Arrays.copyOf(x, 8192);
    double[] tail = java.util.Arrays.copyOfRange(x, 8192, x.length);
    assertThat(NumpySum.sum(x)).isEqualTo(0.0 + NumpySum.sum(head) + NumpySum.sum(tail));
  }

  @Test
  void shortArraysAreSummedInOrderAndUpTo128WithEightPartialSums() {
    double[] seven = {1e16, 1, 1, 1, 1, 1, 1};
    assertThat(NumpySum.sum(seven)).isEqualTo(1e16 + 1 + 1 + 1 + 1 + 1 + 1);
    double[] nine = {1e16, 1, 1, 1, 1, 1, 1, 1, 1};
    // r = [1e16+1, 1, …, 1]; ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)) + 1
    double r0 = 1e16 + 1;
    assertThat(NumpySum.sum(nine)).isEqualTo(((r0 + 1) + (1.0 + 1)) + ((1.0 + 1) + (1.0 + 1)) + 1);
    assertThat(NumpySum.mean(new double[] {1, 2, 3, 4})).isEqualTo(2.5);
  }
}
