package io.solider.nn.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PrefetchingLoaderTest {

  /** A batch of (sample index, its first random draw) pairs. */
  record Batch(List<long[]> samples) implements AutoCloseable {
    @Override
    public void close() {}
  }

  /** Ten samples shuffled per epoch into batches of 3 (last partial batch dropped). */
  static PrefetchingLoader<long[], Batch> loader(int workers, int prefetch) {
    return new PrefetchingLoader<>("test", (epoch, order) -> {
      List<Integer> idx = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        idx.add(i);
      }
      java.util.Collections.shuffle(idx, new java.util.Random(order.nextLong()));
      List<int[]> plan = new ArrayList<>();
      for (int b = 0; b + 3 <= idx.size(); b += 3) {
        plan.add(new int[] {idx.get(b), idx.get(b + 1), idx.get(b + 2)});
      }
      return plan;
    }, (i, rng) -> new long[] {i, rng.nextLong()}, (samples, indices) -> new Batch(samples),
        i -> "sample " + i, 3, workers, prefetch, 42);
  }

  static List<List<Long>> drain(Iterator<Batch> it) {
    List<List<Long>> out = new ArrayList<>();
    while (it.hasNext()) {
      List<Long> b = new ArrayList<>();
      for (long[] s : it.next().samples()) {
        b.add(s[0]);
        b.add(s[1]);
      }
      out.add(b);
    }
    return out;
  }

  @Test
  void batchesDependOnlyOnSeedEpochAndPositionNotOnThreads() {
    List<List<Long>> one;
    List<List<Long>> many;
    try (var a = loader(1, 1); var b = loader(4, 3)) {
      one = drain(a.epoch(2, 0));
      many = drain(b.epoch(2, 0));
    }
    assertThat(one).hasSize(3).isEqualTo(many);
  }

  @Test
  void anEpochStartedMidwayGivesTheSameRemainingBatches() {
    try (var a = loader(2, 2)) {
      List<List<Long>> all = drain(a.epoch(1, 0));
      assertThat(drain(a.epoch(1, 2))).isEqualTo(all.subList(2, 3));
      assertThat(a.batches(1)).isEqualTo(3);
      assertThat(drain(a.epoch(0, 0))).isNotEqualTo(all); // another epoch, another order
    }
  }

  @Test
  void aSampleThatCannotBeReadIsNamed() {
    try (var bad = new PrefetchingLoader<long[], Batch>("bad", (e, o) -> List.of(new int[] {0, 1}),
        (i, rng) -> {
          if (i == 1) {
            throw new IOException("truncated PNG");
          }
          return new long[] {i};
        }, (s, idx) -> new Batch(s), i -> "img" + i + ".png", 2, 1, 1, 0)) {
      assertThatThrownBy(() -> bad.epoch(0, 0).next()).isInstanceOf(UncheckedIOException.class)
          .hasMessage("cannot read training sample img1.png: truncated PNG");
    }
  }

  @Test
  void samplesGetTheirOwnGenerators() {
    SplittableRandom a = io.solider.nn.util.Seeds.sample(42, 0, 0);
    SplittableRandom b = io.solider.nn.util.Seeds.sample(42, 0, 1);
    assertThat(a.nextLong()).isNotEqualTo(b.nextLong());
    assertThatThrownBy(() -> io.solider.nn.util.Seeds.sample(42, 0, -1)).isInstanceOf(IllegalArgumentException.class);
  }
}
