package io.solider.cli;

import io.solider.cli.options.EngineOptions;
import io.solider.cli.options.BatchSizeOption;
import io.solider.cli.options.ImageSizeOption;
import io.solider.cli.options.NormalizationOption;
import io.solider.cli.options.NormalizationOption.Normalization;
import io.solider.nn.image.ImageSize;
import io.solider.nn.backbone.Backbone;
import io.solider.nn.extract.ExtractionConfig;
import io.solider.nn.extract.ExtractionSummary;
import io.solider.nn.extract.FeatureExtractor;
import io.solider.nn.extract.SemanticWeightSpec;
import io.solider.nn.image.ImageNormalization;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code solider extract}: backbone features of an array file or an image folder. */
@Command(
    name = "extract",
    mixinStandardHelpOptions = true,
    description = {
      "Extracts SOLIDER features: writes pooled.npy and stage0..stage3.npy (float32, NCHW) to the output "
          + "folder, and index.csv (row -> file) for an image folder."
    })
final class ExtractCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(ExtractCommand.class);

  @Mixin EngineOptions engineOptions;

  @Option(names = "--checkpoint", required = true, paramLabel = "FILE",
      description = "SOLIDER checkpoint (.pth in any release layout, .npz or .safetensors); the architecture is read from it.")
  Path checkpoint;

  @Option(names = "--input", required = true, paramLabel = "X",
      description = "A .npy float32 array (B,3,H,W), already normalised, or a folder of images.")
  Path input;

  @Option(names = "--semantic-weight", required = true, paramLabel = "W",
      description = "Semantic weight λ in [0,1]: one value, or a comma list with one value per image.")
  String semanticWeight;

  @Option(names = "--output", required = true, paramLabel = "DIR", description = "Output folder.")
  Path output;

  @Option(names = "--size", paramLabel = "HxW", defaultValue = "256x128", converter = ImageSizeOption.Converter.class,
      description = "Resize images to this size (image folders only). Default: ${DEFAULT-VALUE}.")
  ImageSize size;

  @Mixin BatchSizeOption batchSize = new BatchSizeOption(16);

  @Mixin NormalizationOption normalization = new NormalizationOption(Normalization.IMAGENET);

  @Option(names = "--pooled-only", description = "Write only pooled.npy (no stage maps).")
  boolean pooledOnly;

  @Override
  public Integer call() throws Exception {
    if (!Files.exists(input)) {
      throw new NoSuchFileException(input.toString(), null, "input does not exist");
    }
    SemanticWeightSpec weights = SemanticWeightSpec.parse(semanticWeight);
    ExtractionConfig config = ExtractionConfig.defaults()
        .withBatchSize(batchSize.value())
        .withSize(size.height(), size.width())
        .withStages(!pooledOnly)
        .withNormalization(normalization.normalization());
    FeatureExtractor extractor =
        new FeatureExtractor(Backbone.fromCheckpoint(checkpoint), config, engineOptions.engine());
    ExtractionSummary summary = Files.isDirectory(input)
        ? extractor.extractFolder(input, weights, output)
        : extractor.extractArray(input, weights, output);
    log.info("wrote {} images' features to {} ({} skipped) in {}s, {} images/s", summary.images(), output,
        summary.skipped(), String.format("%.1f", summary.seconds()), String.format("%.2f", summary.imagesPerSecond()));
    return 0;
  }
}
