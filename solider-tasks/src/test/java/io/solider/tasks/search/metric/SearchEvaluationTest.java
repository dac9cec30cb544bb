package io.solider.tasks.search.metric;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report of an evaluation: scikit-learn's −0.0 (a ranking without any hit) is 0, in JSON and in the log. */
class SearchEvaluationTest {

  @Test
  void negativeZeroIsReportedAsZero() {
    SearchEvaluation e = new SearchEvaluation(-0.0, 0, 0, 0, -0.0, -0.0, 103);
    assertThat(e.summary()).isEqualTo(
        "mAP 0.00%, top-1 0.00%, top-5 0.00%, top-10 0.00% over 103 queries; detection recall 0.00%, AP 0.00%");
    Map<String, Object> json = e.toJson();
    assertThat(Double.doubleToRawLongBits((Double) json.get("mAP"))).isZero();
    @SuppressWarnings("unchecked")
    Map<String, Object> det = (Map<String, Object>) json.get("detection");
    assertThat(Double.doubleToRawLongBits((Double) det.get("ap"))).isZero();
  }

  @Test
  void summaryShowsPercentages() {
    SearchEvaluation e = new SearchEvaluation(0.25, 0.5, 0.75, 1, 0.125, 0.0625, 4);
    assertThat(e.summary()).isEqualTo(
        "mAP 25.00%, top-1 50.00%, top-5 75.00%, top-10 100.00% over 4 queries; detection recall 12.50%, AP 6.25%");
  }
}
