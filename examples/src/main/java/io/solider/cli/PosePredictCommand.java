package io.solider.cli;

import io.solider.cli.options.BatchSizeOption;
import io.solider.cli.options.EngineOptions;
import io.solider.cli.options.ImageSizeOption;
import io.solider.cli.options.SemanticWeightOption;
import io.solider.tasks.pose.PosePredict;
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

/** {@code solider pose-predict}: keypoints and skeleton overlays for person images. */
@Command(
    name = "pose-predict",
    mixinStandardHelpOptions = true,
    description = {
      "Predicts the 17 COCO keypoints of the person in each image of a folder (each image is one person, its box "
          + "the whole image, e.g. crops from a detector) with a pose model. Writes results.json (COCO results "
          + "list), images.json (image_id -> file) and overlays/ (skeletons)."
    })
final class PosePredictCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(PosePredictCommand.class);

  @Option(names = "--checkpoint", required = true, paramLabel = "FILE",
      description = "Pose model: backbone.* and keypoint_head.* tensors (model.pth, the release's epoch_N.pth).")
  Path checkpoint;

  @Option(names = "--input", required = true, paramLabel = "PATH", description = "An image or a folder of images.")
  Path input;

  @Option(names = "--output", required = true, paramLabel = "DIR", description = "Output folder.")
  Path output;

  @Mixin ImageSizeOption size = new ImageSizeOption(384, 288);

  @Mixin SemanticWeightOption semanticWeight = new SemanticWeightOption(0.8);

  @Mixin BatchSizeOption batchSize = new BatchSizeOption(16);

  @Mixin EngineOptions engineOptions;

  @Option(names = "--flip-test", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Average with the mirrored crop's heatmaps; --no-flip-test turns it off. Default: on.")
  boolean flipTest;

  @Option(names = "--overlays", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Draw skeleton overlays; --no-overlays turns them off. Default: on.")
  boolean overlays;

  @Override
  public Integer call() throws Exception {
    if (!Files.exists(input)) {
      throw new NoSuchFileException(input.toString(), null, "--input not found");
    }
    PosePredict.Config config = new PosePredict.Config(size.size(), semanticWeight.value(), flipTest,
        batchSize.value(), overlays, engineOptions.engine());
    PoseModel model = PoseModel.load(checkpoint);
    PosePredict.run(model, input, config, output);
    log.info("wrote {}", output);
    return 0;
  }
}
