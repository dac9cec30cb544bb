package io.solider.tasks.search.metric;

import java.util.List;

/**
 * The release's {@code eval_detection} (labelled and unlabelled people alike): per scene the
 * detections scoring at least the threshold (compared in float32), IoUs stored as float32, a
 * detection counts as a hit only for the ground truth it overlaps most and only if that person
 * overlaps it most (first index wins ties), IoU ≥ 0.5. Recall = hits / people; AP = scikit-learn
 * AP of all kept detections × recall.
 *
 * <p>Where the release's code fails instead of answering, this class answers: a scene with
 * detections but no people (NumPy raises on the empty argmax) contributes false positives; with
 * no kept detection at all (scikit-learn raises on an empty ranking) AP is 0.
 */
public final class DetectionEvaluator {

  /** Score threshold of the release's detection evaluation ({@code engine.py}). */
  public static final double DET_THRESH = 0.01;
  /** IoU for a hit. */
  public static final double IOU_THRESH = 0.5;

  private DetectionEvaluator() {}

  /**
   * @param recall detected people ÷ people
   * @param ap average precision × recall
   * @param people ground-truth people
   * @param detections detections at or above the threshold
   */
  public record Result(double recall, double ap, int people, int detections) {}

  /** Evaluates with the release's thresholds. */
  public static Result evaluate(List<GalleryImage> gallery, List<ImageDetections> detections) {
    return evaluate(gallery, detections, DET_THRESH, IOU_THRESH);
  }

  /** Evaluates detections (same order as {@code gallery}). */
  public static Result evaluate(List<GalleryImage> gallery, List<ImageDetections> detections, double detThresh,
      double iouThresh) {
    if (gallery.size() != detections.size()) {
      throw new IllegalArgumentException(gallery.size() + " scenes but " + detections.size() + " detection entries");
    }
    float thresh = (float) detThresh;
    int countGt = 0;
    long countTp = 0;
    Ranking ranking = new Ranking();
    for (int s = 0; s < gallery.size(); s++) {
      GalleryImage img = gallery.get(s);
      ImageDetections det = detections.get(s);
      int[] kept = kept(det.scores(), thresh);
      int numGt = img.size();
      int numDet = kept.length;
      if (numDet == 0) {
        countGt += numGt;
        continue;
      }
      float[][] ious = new float[numGt][numDet];
      for (int i = 0; i < numGt; i++) {
        double[] gt = img.box(i);
        for (int j = 0; j < numDet; j++) {
          ious[i][j] = (float) ReleaseIou.gtFirst(gt, det.boxes(), 4 * kept[j]);
        }
      }
      boolean[][] hit = new boolean[numGt][numDet];
      for (int i = 0; i < numGt; i++) {
        for (int j = 0; j < numDet; j++) {
          hit[i][j] = ious[i][j] >= (float) iouThresh;
        }
      }
      if (numGt > 0) {
        for (int j = 0; j < numDet; j++) {
          int best = argmaxColumn(ious, j);
          for (int i = 0; i < numGt; i++) {
            if (i != best) {
              hit[i][j] = false;
            }
          }
        }
        for (int i = 0; i < numGt; i++) {
          int best = argmax(ious[i]);
          for (int j = 0; j < numDet; j++) {
            if (j != best) {
              hit[i][j] = false;
            }
          }
        }
      }
      for (int j = 0; j < numDet; j++) {
        boolean any = false;
        for (int i = 0; i < numGt; i++) {
          if (hit[i][j]) {
            any = true;
            countTp++;
          }
        }
        ranking.add(det.scores()[kept[j]], any);
      }
      countGt += numGt;
    }
    if (countGt == 0) {
      throw new IllegalArgumentException("the gallery has no ground-truth boxes: detection recall is undefined");
    }
    double recall = countTp * 1.0 / countGt;
    double ap = ranking.size() == 0 ? 0.0 : AveragePrecision.of(ranking.truth(), ranking.scores()) * recall;
    return new Result(recall, ap, countGt, ranking.size());
  }

  /** Indices of the scores ≥ the threshold, in order. */
  static int[] kept(float[] scores, float thresh) {
    int n = 0;
    int[] out = new int[scores.length];
    for (int i = 0; i < scores.length; i++) {
      if (scores[i] >= thresh) {
        out[n++] = i;
      }
    }
    return java.util.Arrays.copyOf(out, n);
  }

  /** {@code np.argmax}: the first maximum, or the first NaN if there is one. */
  private static int argmax(float[] v) {
    int best = 0;
    for (int i = 0; i < v.length; i++) {
      if (Float.isNaN(v[i])) {
        return i;
      }
      if (v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }

  private static int argmaxColumn(float[][] m, int j) {
    int best = 0;
    for (int i = 0; i < m.length; i++) {
      if (Float.isNaN(m[i][j])) {
        return i;
      }
      if (m[i][j] > m[best][j]) {
        best = i;
      }
    }
    return best;
  }
}
