package io.solider.cli.options;

import io.solider.nn.backbone.BackboneMode;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code --mode inference|train}: what a benchmark times, the backbone's forward or a training step. */
public final class ModeOption {

  @Option(names = "--mode", defaultValue = "inference", paramLabel = "MODE", converter = ModeConverter.class,
      description = "inference (forward, no gradients) or train (forward and backward). Default: ${DEFAULT-VALUE}.")
  BackboneMode mode = BackboneMode.INFERENCE;

  /** {@code inference}, {@code train} or {@code training}, any case. */
  static final class ModeConverter implements ITypeConverter<BackboneMode> {
    @Override
    public BackboneMode convert(String value) {
      return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
        case "inference" -> BackboneMode.INFERENCE;
        case "train", "training" -> BackboneMode.TRAINING;
        default -> throw new TypeConversionException("'" + value + "' is not one of inference, train");
      };
    }
  }

  public BackboneMode value() {
    return mode;
  }

  public boolean training() {
    return mode == BackboneMode.TRAINING;
  }
}
