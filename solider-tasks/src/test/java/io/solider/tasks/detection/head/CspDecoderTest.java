package io.solider.tasks.detection.head;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.solider.tasks.detection.DetectionReference;
import io.solider.tasks.detection.metric.Detection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Decoding against the release's CSPHead.get_bboxes_single + multiclass_nms, with a NumPy port of
 * its CUDA NMS ({@code detection/make_decode_reference.py}).
 */
class CspDecoderTest {

  static Stream<Arguments> cases() {
    return DetectionReference.named(DetectionReference.load("decode_cases.json"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decodesAsTheRelease(String name, JsonNode c) {
    List<DetectedBox> got = new CspDecoder(CspTestConfig.release()).decode(
        DetectionReference.floats(c.get("logits")), DetectionReference.floats(c.get("scales")),
        DetectionReference.floats(c.get("offsets")), c.get("H").asInt(), c.get("W").asInt(),
        c.get("image_h").asInt(), c.get("image_w").asInt());
    List<float[]> expected = new ArrayList<>();
    c.get("boxes").forEach(b -> expected.add(DetectionReference.floats(b)));
    // The release lists up to 100 kept boxes in cell order, more in score order; ours are by score.
    expected.sort(Comparator.comparingDouble((float[] b) -> -b[4]));
    assertThat(got).hasSize(expected.size());
    for (int i = 0; i < got.size(); i++) {
      DetectedBox g = got.get(i);
      float[] e = expected.get(i);
      // float32 throughout; torch's exp and sigmoid differ from Java's by an ulp at times: measured
      // ≤ 1.6e-5 px on coordinates up to 384 (one float32 ulp) and ≤ 6e-8 on scores.
      assertThat(new float[] {g.x1(), g.y1(), g.x2(), g.y2()}).as("box %d", i)
          .containsExactly(new float[] {e[0], e[1], e[2], e[3]}, within(1e-4f));
      assertThat(g.score()).as("score %d", i).isCloseTo(e[4], within(2e-7f));
    }
  }

  @Test
  void resultsAreWrittenAsTheReleaseWritesThem() {
    DetectedBox b = new DetectedBox(10.25f, 20.5f, 30.1f, 80.7f, 0.9f);
    Detection d = b.toDetection(7);
    assertThat(d.imageId()).isEqualTo(7);
    assertThat(d.categoryId()).isEqualTo(1);
    assertThat(d.w()).isEqualTo((double) (30.1f - 10.25f)); // float32 difference, no +1
    assertThat(d.h()).isEqualTo((double) (80.7f - 20.5f));
  }
}
