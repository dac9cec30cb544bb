package io.solider.tasks.pose.head;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.solider.tasks.pose.PoseReference;
import io.solider.tasks.pose.data.CocoJoints;
import org.junit.jupiter.api.Test;

/**
 * keypoints_from_heatmaps(post_process='default') and the flip-test merge against the release's code
 * ({@code make_pipeline_reference.py}, sections {@code decode} and {@code flip_test}): maxima at every
 * distance from the border, equal neighbours, plateaus, non-positive maps, random maps. Exact
 * (measured: exact).
 */
class HeatmapDecoderTest {

  private static final JsonNode REF = PoseReference.json("pipeline_reference.json");


  @Test
  void decodingMatchesKeypointsFromHeatmaps() {
    for (JsonNode c : REF.get("decode")) {
      int[] s = java.util.stream.IntStream.range(0, 4).map(i -> c.get("shape").get(i).asInt()).toArray();
      HeatmapDecoder.Keypoints k = HeatmapDecoder.decode(PoseReference.floats(c.get("heatmaps")), s[0], s[1], s[2], s[3],
          PoseReference.floats(c.get("center")), PoseReference.floats(c.get("scale")));
      assertThat(k.coordinates()).as("shape %s", c.get("shape")).containsExactly(PoseReference.floats(c.get("preds")));
      assertThat(k.scores()).containsExactly(PoseReference.floats(c.get("maxvals")));
    }
  }

  @Test
  void flipTestMatchesFlipBackShiftAndAverage() {
    JsonNode c = REF.get("flip_test");
    int[] s = java.util.stream.IntStream.range(0, 4).map(i -> c.get("shape").get(i).asInt()).toArray();
    float[] merged = FlipTest.merge(PoseReference.floats(c.get("original")), PoseReference.floats(c.get("flipped_output")), s[0], s[1], s[2], s[3],
        CocoJoints.flipPairs());
    assertThat(merged).containsExactly(PoseReference.floats(c.get("merged")));
  }

  @Test
  void mirrorReversesEachRow() {
    float[] img = {1, 2, 3, 4, 5, 6};
    assertThat(FlipTest.mirror(img, 1, 1, 2, 3)).containsExactly(3, 2, 1, 6, 5, 4);
  }
}
