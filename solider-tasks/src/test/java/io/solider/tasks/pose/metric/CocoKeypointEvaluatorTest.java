package io.solider.tasks.pose.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.solider.tasks.common.DatasetFormatException;
import io.solider.tasks.pose.PoseReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * pose-eval's numbers against pycocotools' COCOeval (keypoints) on the cases of
 * {@code make_cocoeval_reference.py}: random sets of several sizes, crowd regions, people without
 * keypoints, images without detections or GT, tied scores, more than 20 detections per image,
 * other categories, area-range boundaries, GT annotation id 0, results with boxes, empty results.
 * Every statistic must be equal to the last bit (measured: all equal).
 */
class CocoKeypointEvaluatorTest {

  private static final JsonNode EXPECTED = PoseReference.json("cocoeval/expected.json");

  static Stream<String> cases() {
    List<String> names = new ArrayList<>();
    EXPECTED.fieldNames().forEachRemaining(n -> {
      if (!n.startsWith("_") && EXPECTED.get(n).has("stats")) {
        names.add(n);
      }
    });
    return names.stream();
  }

  private static KeypointEvaluation evaluate(String name) throws Exception {
    Path dir = PoseReference.file("cocoeval/" + name);
    KeypointGroundTruth gt = KeypointGroundTruth.read(dir.resolve("gt.json"));
    return new CocoKeypointEvaluator().evaluate(gt, KeypointResults.read(dir.resolve("results.json"), gt));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void statisticsEqualPycocotools(String name) throws Exception {
    double[] expected = PoseReference.doubles(EXPECTED.get(name).get("stats"));
    assertThat(evaluate(name).stats()).as(name).containsExactly(expected);
  }

  @Test
  void thresholdsAreNumpyLinspaceValues() {
    JsonNode p = EXPECTED.get("_params");
    assertThat(CocoKeypointEvaluator.iouThresholds()).containsExactly(PoseReference.doubles(p.get("iouThrs")));
    assertThat(CocoKeypointEvaluator.recallThresholds()).containsExactly(PoseReference.doubles(p.get("recThrs")));
    assertThat(Oks.cocoevalSigmas()).containsExactly(PoseReference.doubles(p.get("kpt_oks_sigmas")));
  }

  /**
   * OKS matrices (detections sorted by score × GT people) of four cases. Java's {@code Math.exp} and
   * NumPy's vectorised {@code exp} differ in the last bit now and then; measured: at most 3 ulp of
   * the OKS (tolerance 4 ulp). The summary statistics above are nevertheless equal to the last bit.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("casesWithOks")
  void oksEqualsComputeOks(String name) throws Exception {
    Path dir = PoseReference.file("cocoeval/" + name);
    KeypointGroundTruth gt = KeypointGroundTruth.read(dir.resolve("gt.json"));
    KeypointResults res = KeypointResults.read(dir.resolve("results.json"), gt);
    double[] var = Oks.variances(Oks.cocoevalSigmas());
    int compared = 0;
    var it = EXPECTED.get(name).get("ious").fields();
    while (it.hasNext()) {
      var e = it.next();
      String[] key = e.getKey().split(",");
      long image = Long.parseLong(key[0]);
      long category = Long.parseLong(key[1]);
      List<KeypointGroundTruth.Person> people = gt.people(image, category);
      List<KeypointResults.Detection> dts = new ArrayList<>(res.detections(image, category));
      dts.sort((x, y) -> Double.compare(-x.score() + 0.0, -y.score() + 0.0));
      for (int i = 0; i < e.getValue().size(); i++) {
        for (int j = 0; j < people.size(); j++) {
          double want = e.getValue().get(i).get(j).doubleValue();
          double got = Oks.of(var, people.get(j), dts.get(i).keypoints());
          assertThat(got).as("%s image %d det %d gt %d", name, image, i, j).isCloseTo(want, org.assertj.core.data.Offset.offset(4 * Math.ulp(want)));
          compared++;
        }
      }
    }
    assertThat(compared).isGreaterThan(20);
  }

  static Stream<String> casesWithOks() {
    return cases().filter(n -> EXPECTED.get(n).has("ious"));
  }

  @Test
  void emptyResultsScoreZeroWherePycocotoolsCrashes() throws Exception {
    assertThat(EXPECTED.get("empty_results").get("error").asText()).startsWith("IndexError");
    assertThat(evaluate("empty_results").stats()).containsOnly(0.0);
    assertThat(evaluate("empty_results_no_images").stats()).containsOnly(-1.0);
  }

  @Test
  void resultForAnImageNotInTheGroundTruthIsAnError() throws Exception {
    assertThat(EXPECTED.get("unknown_image_id").get("error").asText()).startsWith("AssertionError");
    Path dir = PoseReference.file("cocoeval/unknown_image_id");
    KeypointGroundTruth gt = KeypointGroundTruth.read(dir.resolve("gt.json"));
    assertThatThrownBy(() -> KeypointResults.read(dir.resolve("results.json"), gt))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining(".image_id: image 999 is not in the ground truth");
  }

  @Test
  void jsonHasTheTenKeysInCocoevalOrder() throws Exception {
    KeypointEvaluation e = evaluate("random_small");
    assertThat(e.toJson().keySet()).containsExactly("AP", "AP50", "AP75", "APm", "APl", "AR", "AR50", "AR75", "ARm", "ARl");
    assertThat(e.summary()).startsWith("AP 0.335 AP50 0.378");
  }
}
