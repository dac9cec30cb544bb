package io.solider.tasks.search.head;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The balanced sampler: torchvision's counts, uniform draws without replacement, reproducible from the seed. */
class BalancedSamplerTest {

  static int[] labels(int pos, int neg, int ignored) {
    int[] l = new int[pos + neg + ignored];
    for (int i = 0; i < l.length; i++) {
      l[i] = i < pos ? 1 + i % 7 : i < pos + neg ? 0 : -1;
    }
    return l;
  }

  @Test
  void countsAreTorchvisions() {
    BalancedSampler rpn = new BalancedSampler(256, 0.5);
    BalancedSampler.Sample s = rpn.sample(labels(300, 1000, 50), new SplittableRandom(1));
    assertThat(s.positives()).hasSize(128);
    assertThat(s.negatives()).hasSize(128);
    s = rpn.sample(labels(50, 1000, 50), new SplittableRandom(1));
    assertThat(s.positives()).hasSize(50);
    assertThat(s.negatives()).hasSize(206); // the batch is filled with negatives
    s = rpn.sample(labels(500, 20, 5), new SplittableRandom(1));
    assertThat(s.positives()).hasSize(128); // but positives never exceed their share
    assertThat(s.negatives()).hasSize(20);
    int[] l = labels(40, 60, 30);
    for (int i : new BalancedSampler(128, 0.5).sample(l, new SplittableRandom(2)).all()) {
      assertThat(l[i]).isNotNegative(); // ignored elements are never drawn
    }
  }

  @Test
  void drawsAreUniformWithoutReplacement() {
    // 3 of 10, 30000 times: each element appears with probability 0.3; chi-square over the 10 cells
    // (9 degrees of freedom, 0.1% critical value 27.9) and over the 45 pairs (44 dof, 0.1%: 78.7).
    int[] from = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    SplittableRandom rng = new SplittableRandom(42);
    int trials = 30000;
    long[] single = new long[10];
    long[][] pair = new long[10][10];
    for (int t = 0; t < trials; t++) {
      int[] d = BalancedSampler.draw(from, 3, rng);
      assertThat(d).doesNotHaveDuplicates().isSorted();
      for (int a : d) {
        single[a]++;
        for (int b : d) {
          if (a < b) {
            pair[a][b]++;
          }
        }
      }
    }
    double e1 = trials * 0.3;
    double chi1 = 0;
    for (long c : single) {
      chi1 += (c - e1) * (c - e1) / e1;
    }
    double e2 = trials * 3.0 / 45;
    double chi2 = 0;
    for (int a = 0; a < 10; a++) {
      for (int b = a + 1; b < 10; b++) {
        chi2 += (pair[a][b] - e2) * (pair[a][b] - e2) / e2;
      }
    }
    assertThat(chi1).isLessThan(27.9);
    assertThat(chi2).isLessThan(78.7);
  }

  @Test
  void sameSeedSameSample() {
    int[] l = labels(300, 3000, 10);
    BalancedSampler s = new BalancedSampler(256, 0.5);
    assertThat(s.sample(l, new SplittableRandom(5)).all()).containsExactly(s.sample(l, new SplittableRandom(5)).all());
    assertThat(s.sample(l, new SplittableRandom(5)).all()).isNotEqualTo(s.sample(l, new SplittableRandom(6)).all());
  }
}
