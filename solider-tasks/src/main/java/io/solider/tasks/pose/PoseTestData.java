package io.solider.tasks.pose;

import io.solider.tasks.common.DatasetFormatException;
import io.solider.tasks.pose.data.CocoKeypoints;
import io.solider.tasks.pose.data.ImageSizes;
import io.solider.tasks.pose.data.PersonInstance;
import io.solider.tasks.pose.data.PersonInstances;
import io.solider.tasks.pose.metric.CocoKeypointEvaluator;
import io.solider.tasks.pose.metric.KeypointEvaluation;
import io.solider.tasks.pose.metric.KeypointGroundTruth;
import io.solider.tasks.pose.metric.KeypointResult;
import io.solider.tasks.pose.metric.KeypointResults;
import io.solider.tasks.pose.metric.KeypointResultsBuilder;
import io.solider.tasks.pose.metric.PersonPrediction;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A COCO keypoint split prepared for testing as the release's {@code TopDownCocoDataset} in test
 * mode: the people to crop (ground-truth boxes, or a detector's person boxes with
 * {@code det_bbox_thr} 0 as the release's reported number uses), the stated image sizes and the
 * ground truth COCOeval reads.
 *
 * @param split the split as read
 * @param annotations the annotation file ({@code annotations/person_keypoints_SPLIT.json})
 * @param people the boxes to crop, in the release's order
 * @param boxes the detector file, or null for ground-truth boxes
 * @param sizes the images' annotated sizes
 * @param groundTruth the ground truth as COCOeval prepares it
 */
public record PoseTestData(CocoKeypoints.Split split, Path annotations, List<PersonInstance> people, Path boxes,
    ImageSizes sizes, KeypointGroundTruth groundTruth) {

  /**
   * Reads split {@code split} of the COCO root {@code root}.
   *
   * @param boxes a COCO results list of person boxes, or null for the ground truth's boxes
   * @param aspectRatio the crop's width / height (0.75)
   * @throws IllegalArgumentException when there is nobody to test (an empty split)
   */
  public static PoseTestData read(Path root, String split, Path boxes, double aspectRatio) throws IOException {
    CocoKeypoints.Split s = CocoKeypoints.read(root, split);
    Path annotations = root.resolve("annotations").resolve("person_keypoints_" + split + ".json");
    List<PersonInstance> people = boxes == null ? PersonInstances.fromGroundTruth(s, aspectRatio)
        : PersonInstances.fromDetections(DatasetFormatException.requireFile(boxes, "person detections"), s.files(),
            aspectRatio, 0);
    if (people.isEmpty()) {
      throw new IllegalArgumentException(annotations + ": no " + (boxes == null ? "annotated person with keypoints"
          : "person box scored >= 0 in " + boxes) + " in split " + split + " (nothing to test)");
    }
    return new PoseTestData(s, annotations, people, boxes, ImageSizes.of(s, annotations),
        KeypointGroundTruth.read(annotations));
  }

  /** The results file the release writes for {@code predictions}: rescored, OKS-NMS'ed ({@code vis_thr}, {@code oks_thr}). */
  public List<KeypointResult> results(List<PersonPrediction> predictions, double visThreshold, double oksThreshold) {
    return new KeypointResultsBuilder(visThreshold, oksThreshold, true).build(predictions);
  }

  /** COCOeval keypoints of {@code results} on this split. */
  public KeypointEvaluation evaluate(List<KeypointResult> results) {
    return new CocoKeypointEvaluator().evaluate(groundTruth, KeypointResults.ofResults(results, groundTruth));
  }

  /** "gt" or the detector file, for metrics files. */
  public String boxSource() {
    return boxes == null ? "gt" : boxes.toAbsolutePath().toString();
  }
}
