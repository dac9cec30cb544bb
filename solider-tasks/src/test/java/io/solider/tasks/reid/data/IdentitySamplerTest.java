package io.solider.tasks.reid.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IdentitySamplerTest {

  /** 10 identities with 1, 2, …, 10 images. */
  private static int[] labels() {
    int n = 0;
    for (int i = 1; i <= 10; i++) {
      n += i;
    }
    int[] l = new int[n];
    int k = 0;
    for (int id = 0; id < 10; id++) {
      for (int j = 0; j <= id; j++) {
        l[k++] = id;
      }
    }
    return l;
  }

  @Test
  void everyBatchHasPDistinctIdentitiesWithKImagesEach() {
    int[] labels = labels();
    IdentitySampler s = new IdentitySampler(labels, 3, 4);
    for (int epoch = 0; epoch < 5; epoch++) {
      List<int[]> batches = s.epoch(new SplittableRandom(epoch));
      assertThat(batches).isNotEmpty();
      assertThat(batches.size() * 12).isLessThanOrEqualTo(s.estimatedSamples());
      Map<Integer, Integer> chunksUsed = new HashMap<>();
      Set<Integer> seenFromLargeIds = new HashSet<>();
      for (int[] b : batches) {
        assertThat(b).hasSize(12);
        Map<Integer, Integer> perId = new HashMap<>();
        for (int i = 0; i < b.length; i++) {
          perId.merge(labels[b[i]], 1, Integer::sum);
          // each chunk of K is one identity
          assertThat(labels[b[i]]).isEqualTo(labels[b[(i / 4) * 4]]);
        }
        assertThat(perId).hasSize(3);
        assertThat(perId.values()).containsOnly(4);
        for (int i = 0; i < b.length; i++) {
          if (labels[b[i]] >= 3) {
            // identities with >= K images are sampled without replacement within an epoch
            assertThat(seenFromLargeIds.add(b[i])).as("image %d used twice in epoch %d", b[i], epoch).isTrue();
          }
        }
        perId.keySet().forEach(id -> chunksUsed.merge(id, 1, Integer::sum));
      }
      // an identity with n >= K images gives at most floor(n / K) chunks; fewer than K: one chunk
      chunksUsed.forEach((id, c) -> assertThat(c).isLessThanOrEqualTo(Math.max(1, (id + 1) / 4)));
    }
  }

  @Test
  void identitiesWithFewerThanKImagesAreSampledWithReplacement() {
    int[] labels = {0, 1, 1, 2, 2, 2};
    IdentitySampler s = new IdentitySampler(labels, 2, 4);
    List<int[]> batches = s.epoch(new SplittableRandom(1));
    for (int[] b : batches) {
      for (int i = 0; i < b.length; i += 4) {
        for (int j = i; j < i + 4; j++) {
          assertThat(labels[b[j]]).isEqualTo(labels[b[i]]);
        }
      }
    }
    assertThat(batches).hasSize(1); // 3 identities, one chunk each, P = 2
  }

  @Test
  void sameGeneratorGivesSameEpochAndOthersDiffer() {
    IdentitySampler s = new IdentitySampler(labels(), 2, 2);
    List<int[]> a = s.epoch(new SplittableRandom(7));
    List<int[]> b = s.epoch(new SplittableRandom(7));
    List<int[]> c = s.epoch(new SplittableRandom(8));
    assertThat(a).usingRecursiveComparison().isEqualTo(b);
    assertThat(a).usingRecursiveComparison().isNotEqualTo(c);
  }

  @Test
  void tooFewIdentitiesIsAClearError() {
    assertThatThrownBy(() -> new IdentitySampler(new int[] {0, 0, 1}, 3, 2))
        .hasMessageContaining("2 identities, fewer than the 3 identities per batch");
  }
}
