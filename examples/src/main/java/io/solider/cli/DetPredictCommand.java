package io.solider.cli;

import io.solider.cli.options.EngineOptions;
import io.solider.cli.options.ImageSizeOption;
import io.solider.cli.options.SemanticWeightOption;
import io.solider.tasks.detection.CspDetector;
import io.solider.tasks.detection.DetectionPredict;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code solider det-predict}: pedestrian detections for a folder of images. */
@Command(
    name = "det-predict",
    mixinStandardHelpOptions = true,
    description = {
      "Detects pedestrians in every image of a folder with a CSP model as the release's test does (full image at the "
          + "test scale, the release's decoding and NMS). Writes detections.json (COCO results, image ids numbered "
          + "from 1 in file order), images.json (id, file name, size) and overlays/*.png."
    })
final class DetPredictCommand implements Callable<Integer> {

  @Mixin EngineOptions engineOptions;

  @Mixin DetModelOptions model;

  @Option(names = "--input", required = true, paramLabel = "DIR", description = "Folder of images (searched recursively).")
  Path input;

  @Option(names = "--output", required = true, paramLabel = "DIR",
      description = "Output folder: detections.json, images.json, overlays/.")
  Path output;

  @Mixin ImageSizeOption size = new ImageSizeOption(1024, 2048);

  @Mixin SemanticWeightOption semanticWeight = new SemanticWeightOption(1.0);

  @Option(names = "--overlays", defaultValue = "50", paramLabel = "N",
      description = "Images drawn with their detections (the first ones in file order). Default: ${DEFAULT-VALUE}.")
  int overlays;

  @Override
  public Integer call() throws Exception {
    DetectionPredict.Config config = new DetectionPredict.Config(semanticWeight.value(),
        CspDetector.Config.release().withScale(size.height(), size.width()).withEngine(engineOptions.engine()),
        overlays, model.overlay());
    DetectionPredict.run(model.load(), input, config, output);
    return 0;
  }
}
