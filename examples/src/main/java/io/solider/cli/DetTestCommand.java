package io.solider.cli;

import io.solider.cli.options.EngineOptions;
import io.solider.cli.options.ImageSizeOption;
import io.solider.cli.options.SemanticWeightsOption;
import io.solider.tasks.detection.CspDetector;
import io.solider.tasks.detection.DetectionTest;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code solider det-test}: CityPersons miss rates of a CSP model, over semantic weights. */
@Command(
    name = "det-test",
    mixinStandardHelpOptions = true,
    description = {
      "Tests a CSP pedestrian-detection model (model.pth.stu or model.pth of det-train, or the release's "
          + "epoch_N.pth[.stu]) on a CityPersons split as the release's test_city_person.py does: full images at the "
          + "test scale, the release's decoding and NMS, the log-average miss rate for Reasonable, Reasonable_small, "
          + "Reasonable_occ=heavy and All. Writes metrics.json (the λ with the lowest Reasonable MR-2 on top, every λ "
          + "listed), detections.json (COCO results), lambda.png (several λ) and overlays/*.png."
    })
final class DetTestCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(DetTestCommand.class);

  @Mixin EngineOptions engineOptions;

  @Mixin DetModelOptions model;

  @Option(names = "--data", required = true, paramLabel = "DIR",
      description = "CityPersons folder (val_gt.json, leftImg8bit_trainvaltest/leftImg8bit/val/).")
  Path data;

  @Option(names = "--split", defaultValue = "val", description = "The split to test. Default: ${DEFAULT-VALUE}.")
  String split;

  @Option(names = "--output", required = true, paramLabel = "DIR",
      description = "Output folder: metrics.json, detections.json, lambda.png, overlays/.")
  Path output;

  @Mixin ImageSizeOption size = new ImageSizeOption(1024, 2048);

  @Mixin SemanticWeightsOption semanticWeights = new SemanticWeightsOption(1.0);

  @Option(names = "--overlays", defaultValue = "8", paramLabel = "N",
      description = "Images drawn with their ground truth and detections (the first ones). Default: ${DEFAULT-VALUE}.")
  int overlays;

  @Override
  public Integer call() throws Exception {
    DetectionTest.Config config = new DetectionTest.Config(split, semanticWeights.values(),
        CspDetector.Config.release().withScale(size.height(), size.width()).withEngine(engineOptions.engine()),
        overlays, model.overlay());
    DetectionTest.run(model.load(), model.checkpoint, data, config, output);
    log.info("wrote {}", output);
    return 0;
  }
}
