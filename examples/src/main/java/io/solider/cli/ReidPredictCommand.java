package io.solider.cli;

import io.solider.cli.options.EngineOptions;
import io.solider.cli.options.ArchitectureOptions;
import io.solider.cli.options.BatchSizeOption;
import io.solider.cli.options.ImageSizeOption;
import io.solider.cli.options.NormalizationOption;
import io.solider.cli.options.NormalizationOption.Normalization;
import io.solider.cli.options.SemanticWeightOption;
import io.solider.tasks.reid.ReidPredict;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code solider reid-predict}: re-id embeddings of a folder of person crops and each crop's nearest crops. */
@Command(
    name = "reid-predict",
    mixinStandardHelpOptions = true,
    description = {
      "Embeds every person crop under a folder as the re-id recipe tests it (pooled feature before the BN neck at "
          + "λ, L2-normalised) and finds each crop's most similar other crops. Writes embeddings.npy (N x D float32), "
          + "index.csv (row, file), neighbours.csv (file, rank, neighbour, cosine similarity) and neighbours.png."
    })
final class ReidPredictCommand implements Callable<Integer> {

  @Option(names = "--checkpoint", required = true, paramLabel = "FILE",
      description = "Re-id model (base.* backbone + neck + classifier) or any SOLIDER backbone checkpoint.")
  Path checkpoint;

  @Option(names = "--input", required = true, paramLabel = "DIR",
      description = "Folder of person crops (searched recursively; jpg, png, bmp, gif).")
  Path input;

  @Option(names = "--output", required = true, paramLabel = "DIR", description = "Output folder.")
  Path output;

  @Option(names = "--neighbours", defaultValue = "5", paramLabel = "K",
      description = "Nearest crops listed per crop. Default: ${DEFAULT-VALUE}.")
  int neighbours;

  @Option(names = "--picture-rows", defaultValue = "12", paramLabel = "N",
      description = "Crops drawn with their neighbours in neighbours.png (0: no picture). Default: ${DEFAULT-VALUE}.")
  int pictureRows;

  @Mixin ArchitectureOptions architecture;

  @Mixin ImageSizeOption size = new ImageSizeOption(384, 128);

  @Mixin NormalizationOption normalization = new NormalizationOption(Normalization.REID);

  @Mixin SemanticWeightOption semanticWeight = new SemanticWeightOption(0.2);

  @Mixin BatchSizeOption batchSize = new BatchSizeOption(16);

  @Mixin EngineOptions engineOptions;

  @Override
  public Integer call() throws Exception {
    ReidPredict.Config config = new ReidPredict.Config(size.size(), normalization.normalization(),
        semanticWeight.value(), neighbours, pictureRows, batchSize.value(), engineOptions.engine());
    ReidPredict.run(architecture.load(checkpoint), input, config, output);
    return 0;
  }
}
