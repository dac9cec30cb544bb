package io.solider.tasks.pose.metric;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.solider.tasks.pose.PoseReference;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rescoring and OKS-NMS against mmpose's {@code TopDownCocoDataset.evaluate}
 * ({@code make_pipeline_reference.py}, section {@code evaluate}): the results list it writes, in
 * its order, with repeated box ids, people without confident keypoints (score 0), keypoint scores
 * exactly at 0.2, tied box scores and near-duplicate people. Exact (measured: exact).
 */
class KeypointResultsBuilderTest {

  @Test
  void resultsEqualWhatTheReleaseWrites() {
    JsonNode ref = PoseReference.json("pipeline_reference.json").get("evaluate");
    List<PersonPrediction> preds = new ArrayList<>();
    for (JsonNode batch : ref.get("inputs")) {
      double[] p = PoseReference.doubles(batch.get("preds"));
      double[] b = PoseReference.doubles(batch.get("boxes"));
      for (int i = 0; i < batch.get("image_ids").size(); i++) {
        float[] kp = new float[51];
        for (int j = 0; j < 51; j++) {
          kp[j] = (float) p[51 * i + j];
        }
        preds.add(new PersonPrediction(batch.get("image_ids").get(i).asLong(), batch.get("bbox_ids").get(i).asInt(), kp,
            new float[] {(float) b[6 * i], (float) b[6 * i + 1]}, new float[] {(float) b[6 * i + 2], (float) b[6 * i + 3]},
            (float) b[6 * i + 4], (float) b[6 * i + 5]));
      }
    }
    List<KeypointResult> got = KeypointResultsBuilder.release().build(preds);
    JsonNode want = ref.get("results");
    assertThat(got).hasSize(want.size());
    assertThat(want.size()).isLessThan(preds.size() - 3); // NMS removed people
    for (int i = 0; i < got.size(); i++) {
      KeypointResult r = got.get(i);
      JsonNode w = want.get(i);
      assertThat(r.imageId()).as("result %d", i).isEqualTo(w.get("image_id").asLong());
      assertThat(r.categoryId()).isEqualTo(1);
      assertThat(r.score()).as("result %d score", i).isEqualTo(w.get("score").asDouble());
      assertThat(toDoubles(r.keypoints())).containsExactly(PoseReference.doubles(w.get("keypoints")));
      assertThat(toDoubles(r.center())).containsExactly(PoseReference.doubles(w.get("center")));
      assertThat(toDoubles(r.scale())).containsExactly(PoseReference.doubles(w.get("scale")));
    }
  }

  static double[] toDoubles(float[] a) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i];
    }
    return d;
  }
}
