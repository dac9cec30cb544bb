package io.solider.tasks.detection.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.solider.tasks.detection.DetectionReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The three loss terms and their gradients against the release's cls_pos / reg_hw_pos /
 * offset_pos under torch autograd ({@code detection/make_targets_reference.py}).
 */
class CspLossTest {

  static Stream<Arguments> cases() {
    JsonNode root = DetectionReference.load("targets_cases.json");
    Map<String, JsonNode> targets = new HashMap<>();
    root.get("targets").forEach(t -> targets.put(t.get("name").asText(), t));
    List<Arguments> out = new ArrayList<>();
    for (JsonNode c : root.get("losses")) {
      List<CspTargets> batch = new ArrayList<>();
      for (JsonNode m : c.get("members")) {
        JsonNode t = targets.get(m.asText());
        batch.add(CspTargetGenerator.release().generate(DetectionReference.doubles(t.get("people")),
            DetectionReference.doubles(t.get("ignores")), t.get("image_h").asInt(), t.get("image_w").asInt()));
      }
      out.add(Arguments.of(c.get("name").asText(), c, batch));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void valuesAndGradientsEqualTorch(String name, JsonNode c, List<CspTargets> batch) {
    CspLoss.Terms t = new CspLoss(CspLoss.Weights.release()).compute(DetectionReference.floats(c.get("logits")),
        DetectionReference.floats(c.get("scales")), DetectionReference.floats(c.get("offsets")), batch);
    // torch sums float32 terms; we sum in double: relative value error measured ≤ 1.3e-7.
    check(t.center(), c.get("center").asDouble(), DetectionReference.floats(c.get("center_grad")));
    check(t.scale(), c.get("scale").asDouble(), DetectionReference.floats(c.get("scale_grad")));
    check(t.offset(), c.get("offset").asDouble(), DetectionReference.floats(c.get("offset_grad")));
    assertThat(t.total()).isEqualTo(t.center().value() + t.scale().value() + t.offset().value());
  }

  private static void check(CspLoss.Term term, double value, float[] grad) {
    assertThat(term.value()).isCloseTo(value, within(5e-7 * Math.abs(value)));
    float scale = 0;
    for (float g : grad) {
      scale = Math.max(scale, Math.abs(g));
    }
    // Gradients per element in float32 vs double: measured ≤ 1.6e-6 of the largest element.
    assertThat(term.gradient()).containsExactly(grad, within(Math.max(1e-12f, 4e-6f * scale)));
  }
}
