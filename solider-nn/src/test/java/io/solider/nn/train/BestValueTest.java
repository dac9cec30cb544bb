package io.solider.nn.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The best metric so far: strictly better only, NaN never, either order, restored from its state. */
class BestValueTest {

  @Test
  void onlyAStrictlyHigherValueIsANewBest() {
    BestValue b = new BestValue(BestValue.Order.HIGHER);
    assertThat(b.epoch()).isEqualTo(-1);
    assertThat(b.offer(0.5, 0)).isTrue();
    assertThat(b.offer(0.5, 1)).isFalse(); // equal: the release's cur_metric > maximum keeps the first
    assertThat(b.offer(Double.NaN, 2)).isFalse();
    assertThat(b.offer(0.4, 3)).isFalse();
    assertThat(b.offer(0.7, 4)).isTrue();
    assertThat(b.state()).isEqualTo(new BestValue.State(0.7, 4));
  }

  @Test
  void lowerOrderKeepsTheLowestAndAStateContinues() {
    BestValue b = new BestValue(BestValue.Order.LOWER);
    assertThat(b.value()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(b.offer(3.0, 0)).isTrue();
    assertThat(b.offer(4.0, 1)).isFalse();
    BestValue restored = new BestValue(BestValue.Order.LOWER);
    restored.restore(b.state());
    assertThat(restored.offer(3.0, 2)).isFalse();
    assertThat(restored.offer(2.5, 3)).isTrue();
    assertThat(restored.epoch()).isEqualTo(3);
  }
}
