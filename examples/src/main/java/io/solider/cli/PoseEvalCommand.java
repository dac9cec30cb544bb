package io.solider.cli;

import io.solider.cli.options.OutputPaths;
import io.solider.nn.io.JsonFile;
import io.solider.tasks.pose.metric.CocoKeypointEvaluator;
import io.solider.tasks.pose.metric.KeypointEvaluation;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code solider pose-eval}: COCO keypoint AP/AR of a results file, as pycocotools computes them. */
@Command(
    name = "pose-eval",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluates COCO keypoint results as pycocotools' COCOeval (iouType 'keypoints') does: OKS with the 17 COCO "
          + "sigmas, at most 20 detections per image by score, area ranges all / medium [32², 96²] / large [96², 1e10], "
          + "crowd regions and people with num_keypoints = 0 ignored, 101-point interpolated precision. "
          + "Writes AP, AP50, AP75, APm, APl, AR, AR50, AR75, ARm, ARl as fractions (-1 where no person counts)."
    })
final class PoseEvalCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(PoseEvalCommand.class);

  @Option(names = "--gt", required = true, paramLabel = "GT.json",
      description = "COCO person-keypoints ground truth (images, annotations with keypoints, bbox, area, iscrowd, "
          + "num_keypoints, categories).")
  Path gt;

  @Option(names = "--results", required = true, paramLabel = "RESULTS.json",
      description = "COCO results list: objects with image_id, category_id, keypoints (17 × x, y, confidence) and "
          + "score. Every image_id must be an image of the ground truth.")
  Path results;

  @Option(names = "--output", required = true, converter = OutputPaths.File.class, paramLabel = "FILE", description = "Metrics JSON to write.")
  Path output;

  @Override
  public Integer call() throws Exception {
    KeypointEvaluation e = new CocoKeypointEvaluator().evaluate(gt, results);
    JsonFile.write(e.toJson(), output);
    log.info("{}; wrote {}", e.summary(), output);
    return 0;
  }
}
