package io.solider.tasks.detection.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.solider.tasks.detection.DetectionReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Targets against the release's calc_gt_center ({@code detection/make_targets_reference.py}). */
class CspTargetGeneratorTest {

  static Stream<Arguments> cases() {
    return DetectionReference.named(DetectionReference.load("targets_cases.json").get("targets"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void targetsEqualTheReleases(String name, JsonNode c) {
    CspTargets t = CspTargetGenerator.release().generate(DetectionReference.doubles(c.get("people")),
        DetectionReference.doubles(c.get("ignores")), c.get("image_h").asInt(), c.get("image_w").asInt());
    // Same double computations rounded to float32 once: equal to the bit.
    assertThat(t.center()).containsExactly(DetectionReference.floats(c.get("center")));
    assertThat(t.scale()).containsExactly(DetectionReference.floats(c.get("scale")));
    assertThat(t.offset()).containsExactly(DetectionReference.floats(c.get("offset")));
  }

  @Test
  void peopleCentredInTheFirstTwoRowsGetNoScaleWindow() {
    CspTargets t = CspTargetGenerator.release().generate(new double[] {40, 0, 59, 7}, new double[0], 64, 128);
    int plane = t.height() * t.width();
    assertThat(t.people()).isEqualTo(1);
    for (int i = 0; i < plane; i++) {
      assertThat(t.scale()[2 * plane + i]).isZero();
    }
  }

  @Test
  void sizesAndBoxesAreChecked() {
    CspTargetGenerator g = CspTargetGenerator.release();
    assertThatThrownBy(() -> g.generate(new double[0], new double[0], 62, 128)).hasMessageContaining("multiple");
    assertThatThrownBy(() -> g.generate(new double[] {0, 0, 200, 20}, new double[0], 64, 128))
        .hasMessageContaining("outside");
  }
}
