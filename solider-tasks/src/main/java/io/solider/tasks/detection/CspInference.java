package io.solider.tasks.detection;

import io.solider.nn.progress.ProgressLog;
import io.solider.tasks.detection.data.DetectionImage;
import io.solider.tasks.detection.head.DetectedBox;
import io.solider.tasks.detection.metric.Detection;
import io.solider.tasks.detection.metric.EvalGroundTruth;
import io.solider.tasks.detection.metric.MissRateEvaluation;
import io.solider.tasks.detection.metric.MissRateEvaluator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A detector run over annotated images at several semantic weights, and its evaluation with the
 * release's CityPersons miss rate (detections keyed by the ground truth's image ids, as
 * {@code det-eval} reads them).
 */
public final class CspInference {

  private static final Logger log = LoggerFactory.getLogger(CspInference.class);

  private CspInference() {}

  /**
   * The detections of every image at every λ.
   *
   * @param images the images, in order
   * @param lambdas the semantic weights
   * @param boxes per λ, per image, the detections by descending score
   */
  public record Result(List<DetectionImage> images, double[] lambdas, List<List<List<DetectedBox>>> boxes) {

    /** The COCO results of λ number {@code l}, image by image. */
    public List<Detection> detections(int l) {
      List<Detection> out = new ArrayList<>();
      for (int i = 0; i < images.size(); i++) {
        for (DetectedBox b : boxes.get(l).get(i)) {
          out.add(b.toDetection(images.get(i).id()));
        }
      }
      return out;
    }

    /** The release's CityPersons evaluation of λ number {@code l} against {@code gt}. */
    public MissRateEvaluation evaluate(int l, EvalGroundTruth gt) {
      return MissRateEvaluator.cityPersons().evaluate(gt, detections(l));
    }
  }

  /**
   * Runs {@code detector} on every image at every λ, logging progress.
   *
   * @throws IllegalArgumentException when an image's size differs from its annotation's
   */
  public static Result run(CspDetector detector, List<DetectionImage> images, double[] lambdas) throws IOException {
    List<List<List<DetectedBox>>> boxes = new ArrayList<>();
    for (int l = 0; l < lambdas.length; l++) {
      boxes.add(new ArrayList<>());
    }
    ProgressLog progress = ProgressLog.every10s(log, "detection", "images", images.size());
    for (DetectionImage image : images) {
      List<List<DetectedBox>> perLambda = detector.detect(image.readBgr(), lambdas);
      for (int l = 0; l < lambdas.length; l++) {
        boxes.get(l).add(perLambda.get(l));
      }
      progress.advance(1);
    }
    return new Result(List.copyOf(images), lambdas.clone(), boxes);
  }
}
