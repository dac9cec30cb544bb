package io.solider.tasks.reid.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ReidEvaluatorTest {

  private final ReidEvaluator evaluator = new ReidEvaluator(5);

  @Test
  void perfectRankingGivesMapAndRankOneOfOne() {
    double[][] dist = {{0.1, 0.9, 0.2}};
    ReidEvaluation e = evaluator.evaluateDistances(dist, new int[] {7}, new int[] {0},
        new int[] {7, 3, 7}, new int[] {1, 1, 2});
    assertThat(e.mAP()).isEqualTo(1.0);
    assertThat(e.rank(1)).isEqualTo(1.0);
  }

  @Test
  void averagePrecisionIsMeanOfPrecisionAtEachTrueMatch() {
    // Ranked gallery: wrong, right, wrong, right → AP = (1/2 + 2/4) / 2 = 0.5; first hit at rank 2.
    double[][] dist = {{0.1, 0.2, 0.3, 0.4}};
    ReidEvaluation e = evaluator.evaluateDistances(dist, new int[] {1}, new int[] {0},
        new int[] {2, 1, 3, 1}, new int[] {1, 1, 1, 2});
    assertThat(e.mAP()).isCloseTo(0.5, within(1e-12));
    assertThat(e.rank(1)).isEqualTo(0.0);
    assertThat(e.rank(2)).isEqualTo(1.0);
  }

  @Test
  void sameIdentitySameCameraGalleryItemsAreRemoved() {
    // The nearest item is the same person in the same camera: ignored, so the next true match is rank 1.
    double[][] dist = {{0.0, 0.5, 0.9}};
    ReidEvaluation e = evaluator.evaluateDistances(dist, new int[] {4}, new int[] {3},
        new int[] {4, 4, 9}, new int[] {3, 1, 1});
    assertThat(e.rank(1)).isEqualTo(1.0);
    assertThat(e.mAP()).isEqualTo(1.0);
  }

  @Test
  void queriesWithoutValidMatchAreSkipped() {
    double[][] dist = {{0.1, 0.2}, {0.1, 0.2}};
    ReidEvaluation e = evaluator.evaluateDistances(dist, new int[] {1, 2}, new int[] {0, 0},
        new int[] {1, 2}, new int[] {1, 0});
    assertThat(e.validQueries()).isEqualTo(1);
    assertThat(e.queries()).isEqualTo(2);
    assertThat(e.mAP()).isEqualTo(1.0);
  }

  @Test
  void featuresAreL2NormalisedBeforeSquaredEuclideanDistance() {
    // Same direction, different length → distance 0 after normalisation.
    float[][] q = {{2, 0}};
    float[][] g = {{0, 1}, {10, 0}};
    ReidEvaluation e = evaluator.evaluate(q, new int[] {1}, new int[] {0}, g, new int[] {2, 1}, new int[] {1, 1});
    assertThat(e.rank(1)).isEqualTo(1.0);
  }

  @Test
  void noValidQueryIsAnError() {
    assertThatThrownBy(() -> evaluator.evaluateDistances(new double[][] {{0.1}}, new int[] {1}, new int[] {0},
        new int[] {1}, new int[] {0})).hasMessageContaining("no query has a valid gallery match");
  }
}
