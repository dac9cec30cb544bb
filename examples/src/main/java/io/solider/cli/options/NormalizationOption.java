package io.solider.cli.options;

import io.solider.nn.image.ImageNormalization;
import picocli.CommandLine.Option;

/**
 * How images are normalised ({@code --normalization}): {@code imagenet} (ImageNet mean and std,
 * as pretraining and most tasks) or {@code reid} (mean 0.5, std 0.5, as the re-id recipe).
 */
public final class NormalizationOption {

  /** The values of {@code --normalization}. */
  public enum Normalization {
    IMAGENET, REID;

    public ImageNormalization normalization() {
      return this == IMAGENET ? ImageNormalization.imagenet() : ImageNormalization.half();
    }

    @Override
    public String toString() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  @Option(names = "--normalization", paramLabel = "NAME", converter = NormalizationConverter.class,
      description = "Image normalisation: imagenet (mean 0.485,0.456,0.406, std 0.229,0.224,0.225) or reid "
          + "(mean 0.5, std 0.5). Default: ${DEFAULT-VALUE}.")
  Normalization normalization;

  /** {@code --normalization} values in any case. */
  static final class NormalizationConverter extends LowerCaseEnum<Normalization> {
    NormalizationConverter() {
      super(Normalization.class);
    }
  }

  public NormalizationOption(Normalization defaultValue) {
    this.normalization = defaultValue;
  }

  public Normalization value() {
    return normalization;
  }

  public ImageNormalization normalization() {
    return normalization.normalization();
  }
}
