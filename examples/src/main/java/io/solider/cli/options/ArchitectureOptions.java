package io.solider.cli.options;

import io.solider.nn.backbone.Backbone;
import io.solider.nn.backbone.SwinConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The backbone architecture ({@code --arch} and a custom backbone's dimensions). {@code auto}, the
 * default everywhere, reads the architecture off the checkpoint a command loads (and means Swin-T
 * for training from scratch); a named architecture must match the checkpoint.
 */
public final class ArchitectureOptions {

  /** The values of {@code --arch}. */
  public enum Arch {
    AUTO, TINY, SMALL, BASE, CUSTOM;

    @Override
    public String toString() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  @Option(names = "--arch", defaultValue = "auto", paramLabel = "NAME", converter = ArchConverter.class,
      description = "Backbone: auto (read off the checkpoint; tiny when training from scratch), tiny, small, base, "
          + "or custom (with --embed-dim, --depths, --heads, --window). Default: ${DEFAULT-VALUE}.")
  Arch arch = Arch.AUTO;

  @Option(names = "--embed-dim", defaultValue = "96", paramLabel = "C",
      description = "custom only: channels of stage 0. Default: ${DEFAULT-VALUE}.")
  int embedDim = 96;

  @Option(names = "--depths", defaultValue = "2,2,6,2", split = ",", paramLabel = "N",
      description = "custom only: blocks per stage. Default: ${DEFAULT-VALUE}.")
  List<Integer> depths = List.of(2, 2, 6, 2);

  @Option(names = "--heads", defaultValue = "3,6,12,24", split = ",", paramLabel = "N",
      description = "custom only: attention heads per stage. Default: ${DEFAULT-VALUE}.")
  List<Integer> heads = List.of(3, 6, 12, 24);

  @Option(names = "--window", defaultValue = "7", paramLabel = "N",
      description = "custom only: attention window. Default: ${DEFAULT-VALUE}.")
  int window = 7;

  /** {@code --arch} values in any case. */
  static final class ArchConverter extends LowerCaseEnum<Arch> {
    ArchConverter() {
      super(Arch.class);
    }
  }

  public Arch arch() {
    return arch;
  }

  /** The architecture asked for; {@code auto} gives Swin-T (what training from scratch uses). */
  public SwinConfig config() {
    return switch (arch) {
      case AUTO, TINY -> SwinConfig.tiny();
      case SMALL -> SwinConfig.small();
      case BASE -> SwinConfig.base();
      case CUSTOM -> SwinConfig.of(embedDim, depths, heads).withWindowSize(window);
    };
  }

  /**
   * Checks that a checkpoint's architecture is the one asked for ({@code auto} accepts any).
   *
   * @throws IllegalArgumentException naming both when they differ
   */
  public void requireMatches(SwinConfig actual, Object source) {
    if (arch != Arch.AUTO && !config().sameArchitecture(actual)) {
      throw new IllegalArgumentException(source + " holds a " + Backbone.describe(actual) + " backbone, not --arch "
          + arch + " (" + Backbone.describe(config())
          + "); use --arch auto to accept it");
    }
  }

  /** The backbone of {@code checkpoint} (any layout), checked against {@code --arch}. */
  public Backbone load(Path checkpoint) throws IOException {
    if (!Files.isRegularFile(checkpoint)) {
      throw new NoSuchFileException(checkpoint.toString(), null, "checkpoint does not exist");
    }
    Backbone backbone = Backbone.fromCheckpoint(checkpoint);
    requireMatches(backbone.config(), checkpoint);
    return backbone;
  }
}
