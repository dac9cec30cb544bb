package io.solider.tasks.search.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hand-worked cases: scikit-learn's AP on ties, the adaptive IoU threshold, NumPy's promotion at
 * an IoU threshold, and the inputs where the release's code raises instead of answering.
 */
class SearchEvaluatorEdgeTest {

  @Test
  void averagePrecisionGroupsTiedScores() {
    // A hit and a miss tied at the top: one point at precision 1/2, recall 1.
    assertThat(AveragePrecision.of(new boolean[] {true, false}, new float[] {0.5f, 0.5f})).isEqualTo(0.5);
    // Untied, the hit first: precision 1 at recall 1.
    assertThat(AveragePrecision.of(new boolean[] {true, false}, new float[] {0.6f, 0.5f})).isEqualTo(1.0);
    // Hit, miss, hit: (1 + 2/3) / 2.
    assertThat(AveragePrecision.of(new boolean[] {true, false, true}, new float[] {3, 2, 1})).isEqualTo((1 + 2.0 / 3) / 2);
    // No positive at all: scikit-learn 1.2 sets recall to 1 and returns 0 (as −0.0).
    assertThat(AveragePrecision.of(new boolean[] {false, false}, new float[] {1, 2}) + 0.0).isEqualTo(0.0);
    assertThatThrownBy(() -> AveragePrecision.of(new boolean[0], new float[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void adaptiveThresholdForSmallPeople() {
    assertThat(ReleaseIou.threshold(100, 300)).isEqualTo(0.5);
    assertThat(ReleaseIou.threshold(3, 8)).isEqualTo(24.0 / (13 * 18));
    assertThat(ReleaseIou.threshold(10, 20)).isEqualTo(200.0 / 600);
  }

  @Test
  void iouFollowsNumpysPromotion() {
    // Detection (float32) against integer ground truth; exactly 1/3 in float64 either way.
    assertThat(ReleaseIou.detFirst(new float[] {0, 0, 10, 60}, 0, new double[] {0, 0, 10, 20})).isEqualTo(200.0 / 600);
    // Ground truth first (detection evaluation order): exactly 0.5.
    assertThat(ReleaseIou.gtFirst(new double[] {0, 0, 10, 10}, new float[] {0, 0, 10, 5}, 0)).isEqualTo(0.5);
    // Disjoint and degenerate boxes: 0 and NaN (0/0), as NumPy's float64 division gives.
    assertThat(ReleaseIou.detFirst(new float[] {50, 50, 60, 60}, 0, new double[] {0, 0, 10, 10})).isZero();
    assertThat(ReleaseIou.detFirst(new float[] {5, 5, 5, 5}, 0, new double[] {5, 5, 5, 5})).isNaN();
  }

  static SearchEvalInput input(List<GalleryImage> gallery, List<ImageDetections> dets, float[] detFeatures,
      List<SearchQueryInput> queries, float[] queryFeatures, int dim) {
    return new SearchEvalInput(gallery, dets, new FeatureMatrix(detFeatures, detFeatures.length / dim, dim), 2,
        queries, new FeatureMatrix(queryFeatures, queryFeatures.length / dim, dim));
  }

  @Test
  void detectionsInASceneWithoutPeopleAreFalsePositives() {
    // The release raises (argmax of an empty IoU column); here they are misses.
    List<GalleryImage> g = List.of(new GalleryImage("a", new double[] {0, 0, 10, 10}, new int[] {1}),
        new GalleryImage("b", new double[0], new int[0]));
    List<ImageDetections> d = List.of(new ImageDetections(new float[] {0, 0, 10, 10}, new float[] {0.5f}, 0),
        new ImageDetections(new float[] {0, 0, 10, 10}, new float[] {0.9f}, 1));
    DetectionEvaluator.Result r = DetectionEvaluator.evaluate(g, d);
    assertThat(r.recall()).isEqualTo(1.0);
    assertThat(r.ap()).isEqualTo(0.5); // the miss ranks first: precision 1/2 at recall 1
  }

  @Test
  void noDetectionAtAllGivesApZeroAndNoPeopleIsAnError() {
    List<GalleryImage> g = List.of(new GalleryImage("a", new double[] {0, 0, 10, 10}, new int[] {1}));
    List<ImageDetections> none = List.of(new ImageDetections(new float[0], new float[0], 0));
    DetectionEvaluator.Result r = DetectionEvaluator.evaluate(g, none);
    assertThat(r.recall()).isZero();
    assertThat(r.ap()).isZero();
    List<GalleryImage> empty = List.of(new GalleryImage("a", new double[0], new int[0]));
    assertThatThrownBy(() -> DetectionEvaluator.evaluate(empty, none)).hasMessageContaining("no ground-truth boxes");
  }

  @Test
  void onlyTheFirstDetectionInSimilarityOrderCounts() {
    // Two detections on the target: the more similar one is the hit, the other ranks as a miss.
    List<GalleryImage> g = List.of(new GalleryImage("q", new double[] {0, 0, 10, 20}, new int[] {1}),
        new GalleryImage("t", new double[] {0, 0, 10, 20}, new int[] {1}));
    List<ImageDetections> d = List.of(new ImageDetections(new float[] {0, 0, 10, 20}, new float[] {1}, 0),
        new ImageDetections(new float[] {0, 0, 10, 20, 0, 1, 10, 21}, new float[] {1, 1}, 1));
    float[] feats = {1, 0, 0.5f, 0.5f, 1, 0};
    List<SearchQueryInput> q = List.of(new SearchQueryInput(1, "q", new double[] {0, 0, 10, 20},
        List.of(new SearchQueryInput.GalleryEntry("t", new double[] {0, 0, 10, 20}))));
    List<SearchEvaluator.QueryResult> r = SearchEvaluator.rank(input(g, d, feats, q, new float[] {1, 0}, 2),
        SearchProtocol.CUHK_SYSU, 0.5);
    assertThat(r.get(0).found()).isEqualTo(1);
    assertThat(r.get(0).ap()).isEqualTo(1.0); // the hit (similarity 1) outranks the duplicate (0.5)
    assertThat(r.get(0).hits()).containsExactly(1, 1, 1);
  }
}
