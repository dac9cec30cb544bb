package io.solider.tasks.pose.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.solider.tasks.pose.PoseReference;
import org.junit.jupiter.api.Test;

/**
 * TopDownGenerateTarget(sigma=2) against the release's code ({@code make_pipeline_reference.py},
 * section {@code targets}): joints on and beside the rounding boundaries, at the crop edges, partly
 * and wholly outside, negative, invisible; then random sets. Heatmaps and weights must be equal to
 * the last bit (measured: equal).
 */
class HeatmapTargetTest {

  private static final JsonNode REF = PoseReference.json("pipeline_reference.json");


  /** The dense heatmaps from the reference's (index, value) list. */
  static float[] dense(JsonNode c, int size) {
    float[] t = new float[size];
    JsonNode idx = c.get("nonzero_index");
    JsonNode val = c.get("nonzero_value");
    for (int i = 0; i < idx.size(); i++) {
      t[idx.get(i).asInt()] = (float) val.get(i).asDouble();
    }
    return t;
  }

  @Test
  void heatmapsAndWeightsEqualTheRelease() {
    HeatmapTarget gen = HeatmapTarget.release();
    for (JsonNode c : REF.get("targets")) {
      HeatmapTarget.Target t = gen.generate(PoseReference.floats(c.get("joints")), PoseReference.floats(c.get("visible")));
      assertThat(t.weights()).containsExactly(PoseReference.floats(c.get("target_weight")));
      PoseReference.assertBitEqual(t.heatmaps(), dense(c, 17 * 96 * 72), "heatmaps");
    }
  }

  @Test
  void windowBoundsFollowTheRelease() {
    float[] joints = new float[34];
    float[] vis = new float[17];
    java.util.Arrays.fill(vis, 1);
    for (int k = 0; k < 17; k++) {
      joints[2 * k] = -34; // μ = int(-8) = -8: window −14..−2, br = −1 < 0: weight 0
      joints[2 * k + 1] = 100;
    }
    joints[0] = -30; // μ = −7, br = 0: not "outside" by the release's test, weight 1, yet nothing pasted
    joints[2] = -2.01f; // μ = int(−0.0025) = 0 (truncation toward zero): peak at column 0
    HeatmapTarget.Target t = HeatmapTarget.release().generate(joints, vis);
    assertThat(t.weights()[0]).isEqualTo(1f);
    for (int i = 0; i < 96 * 72; i++) {
      assertThat(t.heatmaps()[i]).isZero();
    }
    assertThat(t.weights()[1]).isEqualTo(1f);
    assertThat(t.heatmaps()[96 * 72 + 25 * 72]).isEqualTo(1f); // joint 1 peak at (0, 25)
    assertThat(t.weights()[5]).isZero();
  }
}
