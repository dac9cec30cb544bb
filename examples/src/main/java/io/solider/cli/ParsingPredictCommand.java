package io.solider.cli;

import io.solider.cli.options.ArchitectureOptions;
import io.solider.cli.options.BatchSizeOption;
import io.solider.cli.options.EngineOptions;
import io.solider.cli.options.ImageSizeOption;
import io.solider.cli.options.NormalizationOption;
import io.solider.cli.options.NormalizationOption.Normalization;
import io.solider.cli.options.SemanticWeightOption;
import io.solider.tasks.parsing.ParsingPredict;
import io.solider.tasks.parsing.train.ParsingTrainConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code solider parsing-predict}: LIP label PNGs and overlays for a folder of images. */
@Command(
    name = "parsing-predict",
    mixinStandardHelpOptions = true,
    description = {
      "Parses every image under a folder with the release's test protocol and writes labels/NAME.png (8-bit palette "
          + "PNGs of LIP class ids with LIP's palette, at each image's size, as evaluate.py saves them; parsing-eval "
          + "reads them) and overlays/NAME.png (the photo beside its parts in LIP's colours)."
    })
final class ParsingPredictCommand implements Callable<Integer> {

  @Option(names = "--checkpoint", required = true, paramLabel = "FILE",
      description = "Parsing model file (backbone and head).")
  Path checkpoint;

  @Option(names = "--input", required = true, paramLabel = "DIR",
      description = "Folder of images (searched recursively; jpg, png, bmp, gif).")
  Path input;

  @Option(names = "--output", required = true, paramLabel = "DIR", description = "Output folder.")
  Path output;

  @Option(names = "--overlays", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Draw overlays/NAME.png. Default: ${DEFAULT-VALUE}.")
  boolean overlays = true;

  @Mixin ArchitectureOptions architecture;

  @Mixin NormalizationOption normalization = new NormalizationOption(Normalization.IMAGENET);

  @Mixin ImageSizeOption size = new ImageSizeOption(572, 384);

  @Mixin SemanticWeightOption semanticWeight = new SemanticWeightOption(ParsingTrainConfig.RELEASE_LAMBDA);

  @Mixin ParsingProtocolOptions protocol;

  @Mixin BatchSizeOption batchSize = new BatchSizeOption(1);

  @Mixin EngineOptions engineOptions;

  @Override
  public Integer call() throws Exception {
    ParsingPredict.Config config = new ParsingPredict.Config(size.size(), normalization.normalization(),
        semanticWeight.value(), protocol.options(batchSize.value()), overlays, engineOptions.engine());
    ParsingPredict.run(ParsingCommands.load(checkpoint, architecture), input, config, output);
    return 0;
  }
}
