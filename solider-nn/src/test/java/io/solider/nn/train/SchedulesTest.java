package io.solider.nn.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class SchedulesTest {

  @Test
  void cosineMatchesTheReleasesCosineScheduler() throws Exception {
    // Numbers from SOLIDER's utils.cosine_scheduler (make_cosine_reference.py beside the JSON).
    JsonNode cases;
    try (InputStream in = getClass().getResourceAsStream("/schedules/cosine_reference.json")) {
      cases = new ObjectMapper().readTree(in);
    }
    assertThat(cases).hasSize(6);
    for (JsonNode c : cases) {
      JsonNode a = c.get("args");
      double[] s = Schedules.cosine(a.get(0).asDouble(), a.get(1).asDouble(), a.get(2).asInt(), a.get(3).asInt(),
          a.get(4).asInt(), a.get(5).asDouble());
      JsonNode want = c.get("values");
      assertThat(s).as("cosine_scheduler%s", a).hasSize(want.size());
      for (int i = 0; i < s.length; i++) {
        // numpy and Java evaluate the same float64 expression; measured difference 0 or 1 ulp.
        assertThat(s[i]).as("cosine_scheduler%s[%d]", a, i).isCloseTo(want.get(i).asDouble(), within(1e-15));
      }
    }
  }

  @Test
  void warmupCosinePerEpochFollowsTimmWithASharedWarmupStart() {
    // SOLIDER-REID: base 8e-4, warm-up from 0.01·base over 20 epochs, cosine to 0.002·base over 120.
    double[] w = Schedules.warmupCosinePerEpoch(8e-4, 1, 0.01, 0.002, 20, 120);
    double[] b = Schedules.warmupCosinePerEpoch(8e-4, 2, 0.01, 0.002, 20, 120);
    assertThat(w[0]).isCloseTo(8e-6, within(1e-20));
    assertThat(b[0]).isCloseTo(8e-6, within(1e-20)); // the bias group starts at the same warm-up value …
    assertThat(w[10]).isCloseTo(8e-6 + 10 * (8e-4 - 8e-6) / 20, within(1e-18));
    assertThat(b[10]).isCloseTo(8e-6 + 10 * (1.6e-3 - 8e-6) / 20, within(1e-18)); // … and rises to 2·base
    assertThat(w[20]).isCloseTo(1.6e-6 + 0.5 * (8e-4 - 1.6e-6) * (1 + Math.cos(Math.PI * 20 / 120)), within(1e-18));
    assertThat(w[119]).isCloseTo(1.6e-6 + 0.5 * (8e-4 - 1.6e-6) * (1 + Math.cos(Math.PI * 119 / 120)), within(1e-18));
  }

  @Test
  void multiStepDividesAtEachMilestone() {
    assertThat(Schedules.multiStep(1e-3, new int[] {2, 4}, 0.1, 6))
        .containsExactly(new double[] {1e-3, 1e-3, 1e-4, 1e-4, 1e-5, 1e-5}, within(1e-18));
  }

  @Test
  void warmupsScaleTheFirstIterations() {
    double[] flat = Schedules.perIteration(new double[] {1, 0.5}, 3);
    assertThat(flat).containsExactly(1, 1, 1, 0.5, 0.5, 0.5);
    // mmcv 'linear': lr·(1 − (1 − i/n)(1 − ratio))
    assertThat(Schedules.withLinearWarmup(flat, 2, 0.001))
        .containsExactly(new double[] {0.001, 1 - 0.5 * 0.999, 1, 0.5, 0.5, 0.5}, within(1e-15));
    // mmcv 'constant': lr·ratio
    assertThat(Schedules.withConstantWarmup(flat, 4, 1.0 / 3))
        .containsExactly(new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3, 0.5 / 3, 0.5, 0.5}, within(1e-15));
  }

  @Test
  void teacherTemperatureWarmsUpLinearlyThenHolds() {
    assertThat(Schedules.linearWarmupThenConstant(0.04, 0.07, 4, 6))
        .containsExactly(new double[] {0.04, 0.05, 0.06, 0.07, 0.07, 0.07}, within(1e-15));
  }

  @Test
  void rejectsWarmupLongerThanTheRun() {
    assertThatThrownBy(() -> Schedules.cosine(1, 0, 2, 3, 5, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("warm-up epochs must be in [0, 2], got 5");
  }
}
