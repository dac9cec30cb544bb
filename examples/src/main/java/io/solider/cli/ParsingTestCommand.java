package io.solider.cli;

import io.solider.cli.options.ArchitectureOptions;
import io.solider.cli.options.BatchSizeOption;
import io.solider.cli.options.EngineOptions;
import io.solider.cli.options.ImageSizeOption;
import io.solider.cli.options.NormalizationOption;
import io.solider.cli.options.NormalizationOption.Normalization;
import io.solider.cli.options.SemanticWeightsOption;
import io.solider.tasks.parsing.ParsingTest;
import io.solider.tasks.parsing.head.ParsingModel;
import io.solider.tasks.parsing.train.ParsingTrainConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code solider parsing-test}: mIoU of a parsing model on LIP's validation split, over semantic weights. */
@Command(
    name = "parsing-test",
    mixinStandardHelpOptions = true,
    description = {
      "Tests a parsing model (model.pth or schp_model.pth of parsing-train, or the release's checkpoint_N.pth.tar / "
          + "schp_N_checkpoint.pth.tar) on a LIP folder's val split with the release's protocol: each image warped to "
          + "the crop, run at the test scales with its mirror, scores fused, labels mapped back to the image's own "
          + "resolution. Writes metrics.json (parsing-eval's keys in percent, best λ on top, every λ listed), "
          + "lambda.png (several λ), per_class_iou.png and overlays/ (photo, ground truth, prediction)."
    })
final class ParsingTestCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(ParsingTestCommand.class);

  @Option(names = "--checkpoint", required = true, paramLabel = "FILE",
      description = "Parsing model file (backbone and head).")
  Path checkpoint;

  @Option(names = "--data", required = true, paramLabel = "DIR",
      description = "LIP folder with val_id.txt, val_images/ and val_segmentations/ (or the official archives).")
  Path data;

  @Option(names = "--output", required = true, paramLabel = "DIR",
      description = "Output folder: metrics.json, lambda.png, per_class_iou.png, overlays/.")
  Path output;

  @Option(names = "--overlays", defaultValue = "8", paramLabel = "N",
      description = "Validation images drawn as overlays (the first N). Default: ${DEFAULT-VALUE}.")
  int overlays;

  @Mixin ArchitectureOptions architecture;

  @Mixin NormalizationOption normalization = new NormalizationOption(Normalization.IMAGENET);

  @Mixin ImageSizeOption size = new ImageSizeOption(572, 384);

  @Mixin SemanticWeightsOption semanticWeights = new SemanticWeightsOption(ParsingTrainConfig.RELEASE_LAMBDA);

  @Mixin ParsingProtocolOptions protocol;

  @Mixin BatchSizeOption batchSize = new BatchSizeOption(1);

  @Mixin EngineOptions engineOptions;

  @Override
  public Integer call() throws Exception {
    ParsingTest.Config config = new ParsingTest.Config(size.size(), normalization.normalization(),
        semanticWeights.values(), protocol.options(batchSize.value()), overlays, engineOptions.engine());
    ParsingModel model = ParsingCommands.load(checkpoint, architecture);
    ParsingTest.run(model, checkpoint, data, config, output);
    log.info("wrote {}", output);
    return 0;
  }
}
