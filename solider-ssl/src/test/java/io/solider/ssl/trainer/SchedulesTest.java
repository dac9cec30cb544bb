package io.solider.ssl.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SchedulesTest {

  @Test
  void cosineWithWarmupMatchesDinoCosineScheduler() {
    // numpy: utils.cosine_scheduler(1.0, 0.1, 3, 2, warmup_epochs=1)
    //   -> [0., 1., 1., 0.775, 0.325, 0.1]... computed by hand below.
    double[] s = Schedules.cosine(1.0, 0.1, 3, 2, 1, 0);
    assertThat(s).hasSize(6);
    assertThat(s[0]).isCloseTo(0.0, within(1e-12));
    assertThat(s[1]).isCloseTo(1.0, within(1e-12));
    assertThat(s[2]).isCloseTo(1.0, within(1e-12));
    assertThat(s[3]).isCloseTo(0.1 + 0.45 * (1 + Math.cos(Math.PI / 4)), within(1e-12));
    assertThat(s[5]).isCloseTo(0.1 + 0.45 * (1 + Math.cos(3 * Math.PI / 4)), within(1e-12));
  }

  @Test
  void momentumRisesFromBaseTowardsOne() {
    double[] m = Schedules.cosine(0.996, 1, 100, 10);
    assertThat(m[0]).isEqualTo(0.996);
    for (int i = 1; i < m.length; i++) {
      assertThat(m[i]).isGreaterThanOrEqualTo(m[i - 1]);
    }
    assertThat(m[m.length - 1]).isCloseTo(1, within(1e-6));
  }

  @Test
  void releaseLearningRateScheduleHasTenWarmupEpochs() {
    double base = 5e-4 * 48 / 256;
    double[] lr = Schedules.cosine(base, 1e-6, 100, 5, 10, 0);
    assertThat(lr[0]).isZero();
    assertThat(lr[49]).isCloseTo(base, within(1e-15));
    assertThat(lr[50]).isCloseTo(base, within(1e-15));
    assertThat(lr[499]).isCloseTo(1e-6, within(1e-8));
  }

  @Test
  void rejectsWarmupLongerThanTheRun() {
    assertThatThrownBy(() -> Schedules.cosine(1, 0, 2, 3, 5, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
