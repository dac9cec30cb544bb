package io.solider.cli.options;

import io.solider.tasks.attribute.data.AttributeDatasets;
import io.solider.tasks.attribute.data.AttributeDataset;
import io.solider.tasks.attribute.train.AttributeTrainConfig;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options {@code attr-train} and {@code attr-probe} share: the data set, and the recipe's
 * input size, λ, seed, batch, Adam and plateau settings, with the release's PA-100K values as
 * defaults.
 */
public final class AttributeRecipeOptions {

  @Option(names = "--data", required = true, paramLabel = "DIR",
      description = "PA-100K folder (annotation.mat, data/) or CSV folder (train.csv, test.csv, optional val.csv).")
  Path data;

  @Mixin ImageSizeOption size = new ImageSizeOption(256, 128);

  @Mixin SemanticWeightOption semanticWeight = new SemanticWeightOption(0.8);

  @Mixin SeedOption seed = new SeedOption(0);

  @Mixin BatchSizeOption batchSize = new BatchSizeOption(64);

  @Option(names = "--weight-decay", defaultValue = "0",
      description = "Adam's L2 weight decay on every trained parameter (PA-100K 0; PETA and RAP 5e-4). "
          + "Default: ${DEFAULT-VALUE}.")
  double weightDecay;

  @Option(names = "--clip-grad", defaultValue = "10", paramLabel = "NORM",
      description = "Bound of the global gradient norm (clip_grad_norm_), 0 disables. Default: ${DEFAULT-VALUE}.")
  double clipGrad;

  @Option(names = "--lr-factor", defaultValue = "0.1",
      description = "Learning-rate factor of a plateau reduction (or of a multi-step milestone). "
          + "Default: ${DEFAULT-VALUE}.")
  double lrFactor;

  @Option(names = "--patience", defaultValue = "4",
      description = "Epochs without improvement of the test loss before a plateau reduction. Default: ${DEFAULT-VALUE}.")
  int patience;

  /**
   * These options applied to a configuration under construction: input size, λ, batch, seed,
   * weight decay and clipping (the schedule is the command's: it also needs the epochs).
   */
  public AttributeTrainConfig.Builder applyTo(AttributeTrainConfig.Builder b) {
    return b.semanticWeight(semanticWeight.value())
        .input(size.height(), size.width())
        .batchSize(batchSize.value())
        .seed(seed.value())
        .weightDecay(weightDecay)
        .clipNorm(clipGrad);
  }

  /** Reads the data set of {@code --data}. */
  public AttributeDataset readData() throws IOException {
    return AttributeDatasets.read(data);
  }

  public int inputHeight() {
    return size.height();
  }

  public double lrFactor() {
    return lrFactor;
  }

  public int patience() {
    return patience;
  }
}
