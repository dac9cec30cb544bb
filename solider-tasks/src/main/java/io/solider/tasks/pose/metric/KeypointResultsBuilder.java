package io.solider.tasks.pose.metric;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns per-box predictions into a COCO results list as mmpose's {@code TopDownCocoDataset.evaluate}
 * does before COCOeval:
 * <ol>
 *   <li>group by image, images in order of first appearance; within an image sort by box id and
 *       drop repeats of an id (the first stays);
 *   <li>rescore: score = box score × mean of the keypoint scores above {@code visThreshold} (0.2),
 *       0 when none is above (float64, from float32 inputs, summed in order);
 *   <li>{@link OksNms} with {@code oksThreshold} (0.9) and mmpose's sigmas, per image;
 *   <li>write, per image, the kept people in the order NMS kept them.
 * </ol>
 */
public final class KeypointResultsBuilder {

  private final double visThreshold;
  private final double oksThreshold;
  private final boolean nms;

  /**
   * @param visThreshold keypoint scores above this count toward the person score (0.2)
   * @param oksThreshold OKS-NMS threshold (0.9)
   * @param nms whether to run OKS-NMS (the release does)
   */
  public KeypointResultsBuilder(double visThreshold, double oksThreshold, boolean nms) {
    this.visThreshold = visThreshold;
    this.oksThreshold = oksThreshold;
    this.nms = nms;
  }

  /** The release's setting: vis_thr 0.2, oks_thr 0.9, OKS-NMS on. */
  public static KeypointResultsBuilder release() {
    return new KeypointResultsBuilder(0.2, 0.9, true);
  }

  /** The results list for {@code predictions}. */
  public List<KeypointResult> build(List<PersonPrediction> predictions) {
    Map<Long, List<PersonPrediction>> byImage = new LinkedHashMap<>();
    for (PersonPrediction p : predictions) {
      byImage.computeIfAbsent(p.imageId(), k -> new ArrayList<>()).add(p);
    }
    List<KeypointResult> out = new ArrayList<>();
    for (List<PersonPrediction> people : byImage.values()) {
      List<PersonPrediction> unique = uniqueByBoxId(people);
      double[] scores = new double[unique.size()];
      for (int i = 0; i < scores.length; i++) {
        scores[i] = rescore(unique.get(i));
      }
      int[] keep;
      if (nms) {
        float[][] kp = new float[unique.size()][];
        float[] areas = new float[unique.size()];
        for (int i = 0; i < kp.length; i++) {
          kp[i] = unique.get(i).keypoints();
          areas[i] = unique.get(i).area();
        }
        keep = OksNms.keep(kp, areas, scores, oksThreshold, OksNms.RELEASE_SIGMAS);
      } else {
        keep = java.util.stream.IntStream.range(0, unique.size()).toArray();
      }
      for (int i : keep) {
        PersonPrediction p = unique.get(i);
        out.add(new KeypointResult(p.imageId(), 1, p.keypoints().clone(), scores[i], p.center().clone(),
            p.scale().clone()));
      }
    }
    return out;
  }

  /** {@code _sort_and_unique_bboxes}: stable sort by box id, later repeats of an id dropped. */
  private static List<PersonPrediction> uniqueByBoxId(List<PersonPrediction> people) {
    List<PersonPrediction> sorted = new ArrayList<>(people);
    sorted.sort(Comparator.comparingInt(PersonPrediction::boxId));
    List<PersonPrediction> out = new ArrayList<>();
    for (PersonPrediction p : sorted) {
      if (out.isEmpty() || out.get(out.size() - 1).boxId() != p.boxId()) {
        out.add(p);
      }
    }
    return out;
  }

  /** Box score × mean keypoint score above the threshold (0 if none). */
  double rescore(PersonPrediction p) {
    double sum = 0;
    int valid = 0;
    float[] kp = p.keypoints();
    for (int j = 0; j < KeypointGroundTruth.KEYPOINTS; j++) {
      float s = kp[3 * j + 2];
      if (s > visThreshold) {
        sum += s;
        valid++;
      }
    }
    if (valid != 0) {
      sum = sum / valid;
    }
    return sum * p.boxScore();
  }
}
