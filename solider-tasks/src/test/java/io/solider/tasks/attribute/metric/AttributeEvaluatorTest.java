package io.solider.tasks.attribute.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our metrics against the release's get_pedestrian_metrics on 24 constructed cases
 * (resources attribute/make_metric_reference.py: random sizes up to 8500 × 8 and 1000 × 26, columns
 * all 0 or all 1, rows empty in truth and prediction, probabilities exactly at the threshold in
 * float32 and float64, single image, single attribute, integer / float / boolean labels, labels
 * −1, 2 and 0.5). Every number must be equal, not close: the computation is the same float64
 * operations in the same order, NumPy's pairwise means included.
 */
class AttributeEvaluatorTest {

  static Path dir() throws Exception {
    return Path.of(AttributeEvaluatorTest.class.getResource("/attribute/metrics/expected.json").toURI()).getParent();
  }

  static Stream<JsonNode> cases() throws Exception {
    JsonNode root = new ObjectMapper().readTree(dir().resolve("expected.json").toFile());
    List<JsonNode> out = new ArrayList<>();
    root.get("cases").forEach(out::add);
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void equalsTheReleasesNumbers(JsonNode c) throws Exception {
    String name = c.get("name").asText();
    AttributeScoreFiles.Inputs in = AttributeScoreFiles.read(dir().resolve(name + "_probs.npy"),
        dir().resolve(name + "_labels.npy"), c.get("threshold").asDouble(), false);
    Map<String, Object> ours = new AttributeEvaluator().evaluate(in.predicted(), in.labels(), in.attributes()).toJson();
    JsonNode expected = c.get("expected");
    assertThat(ours.keySet()).containsExactlyElementsOf(() -> expected.fieldNames());
    for (Map.Entry<String, Object> e : ours.entrySet()) {
      JsonNode x = expected.get(e.getKey());
      if (x.isArray()) {
        double[] got = asDoubles(e.getValue());
        assertThat(got).as("%s %s", name, e.getKey()).hasSize(x.size());
        for (int i = 0; i < got.length; i++) {
          assertThat(got[i]).as("%s %s[%d]", name, e.getKey(), i).isEqualTo(x.get(i).asDouble());
        }
      } else {
        assertThat((Double) e.getValue()).as("%s %s", name, e.getKey()).isEqualTo(x.asDouble());
      }
    }
  }

  private static double[] asDoubles(Object v) {
    if (v instanceof double[] d) {
      return d;
    }
    long[] l = (long[]) v;
    double[] d = new double[l.length];
    for (int i = 0; i < l.length; i++) {
      d[i] = l[i];
    }
    return d;
  }

  @Test
  void anImageWithNothingInTruthAndPredictionScoresZero() {
    // Image 0: nothing true, nothing predicted. Image 1: both attributes true and predicted.
    AttributeEvaluation e = new AttributeEvaluator().evaluate(new boolean[] {false, false, true, true},
        new double[] {0, 0, 1, 1}, 2);
    assertThat(e.instance().acc()).isEqualTo(0.5);
    assertThat(e.instance().prec()).isEqualTo(0.5);
    assertThat(e.instance().f1()).isEqualTo(0.5);
    assertThat(e.labels().acc()).containsExactly(1.0, 1.0);
    assertThat(e.mA()).isEqualTo(1.0);
  }

  @Test
  void labelAccuracyIsAJaccardIndexNotTheFractionCorrect() {
    // One attribute, 4 images: TP 1, FP 1, FN 1, TN 1 → Jaccard 1/3 (fraction correct would be 1/2).
    AttributeEvaluation e = new AttributeEvaluator().evaluate(new boolean[] {true, true, false, false},
        new double[] {1, 0, 1, 0}, 1);
    assertThat(e.labels().acc()[0]).isEqualTo(1.0 / (3 + AttributeEvaluator.EPS));
    assertThat(e.labels().errors()).containsExactly(2L);
  }

  @Test
  void thresholdIsStrictAndComparedInTheProbabilitiesPrecision() {
    assertThat(AttributeEvaluator.predict(new float[] {0.5f, Math.nextUp(0.5f)}, 0.5)).containsExactly(false, true);
    // float32(0.3) = 0.30000001192… is not above float32(0.3), though it is above the double 0.3.
    assertThat(AttributeEvaluator.predict(new float[] {0.3f}, 0.3)).containsExactly(false);
    assertThat(AttributeEvaluator.predict(new double[] {0.3, Math.nextUp(0.3)}, 0.3)).containsExactly(false, true);
  }

  @Test
  void rejectsMismatchedSizes() {
    assertThatThrownBy(() -> new AttributeEvaluator().evaluate(new boolean[3], new double[4], 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("N x 2");
    assertThatThrownBy(() -> new AttributeEvaluator().evaluate(new boolean[0], new double[0], 2))
        .hasMessageContaining("at least one image");
  }
}
