package io.solider.cli;

import io.solider.cli.options.BatchSizeOption;
import io.solider.cli.options.EngineOptions;
import io.solider.cli.options.ImageSizeOption;
import io.solider.cli.options.SemanticWeightsOption;
import io.solider.tasks.pose.PoseTest;
import io.solider.tasks.pose.PoseTestData;
import io.solider.tasks.pose.head.PoseModel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code solider pose-test}: COCO keypoint AP of a pose model on a split, over semantic weights. */
@Command(
    name = "pose-test",
    mixinStandardHelpOptions = true,
    description = {
      "Tests a pose model (pose-train's model.pth or the release's fine-tuned checkpoint) on a COCO keypoints split "
          + "as the release evaluates: ground-truth person boxes (or a detector's with --boxes), crops with the "
          + "release's aspect and 1.25 padding, flip test, rescoring, OKS-NMS, COCOeval keypoints. Writes "
          + "metrics.json (best λ first, every λ listed), lambda.png, results.json (COCO results at the best λ) "
          + "and skeleton overlays."
    })
final class PoseTestCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(PoseTestCommand.class);

  @Mixin EngineOptions engineOptions;

  @Option(names = "--checkpoint", required = true, paramLabel = "FILE",
      description = "Pose model: backbone.* and keypoint_head.* tensors (model.pth, the release's epoch_N.pth).")
  Path checkpoint;

  @Option(names = "--data", required = true, paramLabel = "DIR",
      description = "COCO folder with annotations/person_keypoints_SPLIT.json and SPLIT/.")
  Path data;

  @Option(names = "--split", defaultValue = "val2017", paramLabel = "NAME",
      description = "Split to test. Default: ${DEFAULT-VALUE}.")
  String split;

  @Option(names = "--boxes", paramLabel = "DETS.json",
      description = "Person detections (COCO results list: image_id, category_id, bbox, score), as the release's "
          + "reported number uses. Default: the ground truth's boxes.")
  Path boxes;

  @Option(names = "--output", required = true, paramLabel = "DIR",
      description = "Output folder: metrics.json, lambda.png, results.json, overlays/.")
  Path output;

  @Mixin ImageSizeOption size = new ImageSizeOption(384, 288);

  @Mixin SemanticWeightsOption semanticWeights = new SemanticWeightsOption(0.8);

  @Mixin BatchSizeOption batchSize = new BatchSizeOption(32);

  @Option(names = "--flip-test", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Average with the mirrored crop's heatmaps (test_cfg flip_test); --no-flip-test turns it off. "
          + "Default: on.")
  boolean flipTest;

  @Option(names = "--vis-threshold", defaultValue = "0.2", paramLabel = "T",
      description = "Keypoint scores above this count toward the person's score (vis_thr). Default: ${DEFAULT-VALUE}.")
  double visThreshold;

  @Option(names = "--oks-threshold", defaultValue = "0.9", paramLabel = "T",
      description = "OKS-NMS threshold (oks_thr). Default: ${DEFAULT-VALUE}.")
  double oksThreshold;

  @Option(names = "--overlays", defaultValue = "16", paramLabel = "N",
      description = "Images drawn with their predicted skeletons (0: none). Default: ${DEFAULT-VALUE}.")
  int overlays;

  @Override
  public Integer call() throws Exception {
    if (boxes != null && !Files.isRegularFile(boxes)) {
      throw new NoSuchFileException(boxes.toString(), null, "--boxes file not found");
    }
    PoseTest.Config config = new PoseTest.Config(size.size(), semanticWeights.values(), flipTest, visThreshold,
        oksThreshold, batchSize.value(), overlays, engineOptions.engine());
    PoseModel model = PoseModel.load(checkpoint);
    PoseTestData testData = PoseTestData.read(data, split, boxes, (double) size.width() / size.height());
    PoseTest.run(model, checkpoint, testData, config, output);
    log.info("wrote {}", output);
    return 0;
  }
}
