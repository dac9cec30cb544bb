package io.solider.cli;

import io.solider.nn.backbone.SwinConfig;
import java.util.List;
import picocli.CommandLine.Option;

/** The backbone options every training command shares (picocli mixin): a named Swin or a custom one. */
final class ArchitectureOptions {

  @Option(names = "--arch", defaultValue = "tiny", paramLabel = "NAME",
      description = "Backbone: tiny, small, base, or custom (with --embed-dim, --depths, --heads, --window). Default: ${DEFAULT-VALUE}.")
  String arch;

  @Option(names = "--embed-dim", defaultValue = "96", description = "custom only: channels C of stage 0. Default: ${DEFAULT-VALUE}.")
  int embedDim;

  @Option(names = "--depths", defaultValue = "2,2,6,2", split = ",",
      description = "custom only: blocks per stage. Default: ${DEFAULT-VALUE}.")
  List<Integer> depths;

  @Option(names = "--heads", defaultValue = "3,6,12,24", split = ",",
      description = "custom only: attention heads per stage. Default: ${DEFAULT-VALUE}.")
  List<Integer> heads;

  @Option(names = "--window", defaultValue = "7", description = "custom only: attention window. Default: ${DEFAULT-VALUE}.")
  int window;

  @Option(names = "--drop-path", defaultValue = "0.1", description = "Drop-path rate. Default: ${DEFAULT-VALUE}.")
  double dropPath;

  /** The configured backbone, with its drop-path rate. */
  SwinConfig config() {
    SwinConfig c = "custom".equals(arch) ? SwinConfig.of(embedDim, depths, heads).withWindowSize(window)
        : SwinConfig.named(arch);
    return c.withDropPathRate(dropPath);
  }
}
