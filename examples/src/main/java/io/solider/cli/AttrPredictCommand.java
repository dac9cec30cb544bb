package io.solider.cli;

import io.solider.cli.options.ArchitectureOptions;
import io.solider.cli.options.BatchSizeOption;
import io.solider.cli.options.EngineOptions;
import io.solider.cli.options.ImageSizeOption;
import io.solider.cli.options.SemanticWeightOption;
import io.solider.tasks.attribute.AttributePredict;
import io.solider.tasks.attribute.train.AttributeModel;
import io.solider.tasks.attribute.train.AttributeNames;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code solider attr-predict}: attribute probabilities of a folder of person crops. */
@Command(
    name = "attr-predict",
    mixinStandardHelpOptions = true,
    description = {
      "Predicts the attributes of every person crop under a folder with the release's test transform. Writes "
          + "predictions.csv (file, one probability column per attribute), probs.npy (N x A float32) and "
          + "predictions.png (the first crops with the attributes predicted above the threshold)."
    })
final class AttrPredictCommand implements Callable<Integer> {

  @Option(names = "--checkpoint", required = true, paramLabel = "FILE",
      description = "Attribute model: attr-train's model.pth, model_best.pth or checkpoint.pth, or the release's.")
  Path checkpoint;

  @Option(names = "--input", required = true, paramLabel = "DIR",
      description = "Folder of person crops (searched recursively; jpg, png, bmp, gif).")
  Path input;

  @Option(names = "--output", required = true, paramLabel = "DIR", description = "Output folder.")
  Path output;

  @Option(names = "--attributes", split = ",", paramLabel = "NAME",
      description = "Names of the model's outputs, in order. Default: the training checkpoint's, else attributes.txt "
          + "beside the checkpoint, else PA-100K's in the release's order for 26 outputs, else attr0, attr1, ...")
  List<String> attributes;

  @Option(names = "--threshold", defaultValue = "0.5", paramLabel = "T",
      description = "predictions.png lists the attributes with probability above T. Default: ${DEFAULT-VALUE}.")
  double threshold;

  @Option(names = "--picture-images", defaultValue = "24", paramLabel = "N",
      description = "Crops drawn in predictions.png (0: no picture). Default: ${DEFAULT-VALUE}.")
  int pictureImages;

  @Mixin ArchitectureOptions architecture;

  @Mixin ImageSizeOption size = new ImageSizeOption(256, 128);

  @Mixin SemanticWeightOption semanticWeight = new SemanticWeightOption(0.8);

  @Mixin BatchSizeOption batchSize = new BatchSizeOption(64);

  @Mixin EngineOptions engine;

  @Override
  public Integer call() throws Exception {
    AttributePredict.Config config = new AttributePredict.Config(size.size(), semanticWeight.value(), threshold,
        pictureImages, batchSize.value(), engine.engine());
    AttributeModel model = AttributeModels.load(checkpoint, architecture);
    List<String> names = attributes != null ? attributes : AttributeNames.of(checkpoint, model.head().attributes());
    AttributePredict.run(model, names, input, config, output);
    return 0;
  }
}
