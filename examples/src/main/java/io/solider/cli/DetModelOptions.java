package io.solider.cli;

import io.solider.cli.options.ArchitectureOptions;
import io.solider.tasks.detection.BoxOverlay;
import io.solider.tasks.detection.head.CspModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The CSP model a detection inference command runs ({@code --checkpoint}, checked against {@code --arch}) and how its overlays are drawn. */
final class DetModelOptions {

  @Mixin ArchitectureOptions architecture;

  @Option(names = "--checkpoint", required = true, paramLabel = "FILE",
      description = "CSP model: backbone.*, neck.*, bbox_head.* (under state_dict or bare): model.pth.stu or model.pth "
          + "of det-train, or the release's epoch_N.pth[.stu].")
  Path checkpoint;

  @Option(names = "--overlay-score", defaultValue = "0.3", paramLabel = "S",
      description = "Detections drawn on the overlays have at least this score. Default: ${DEFAULT-VALUE}.")
  double overlayScore;

  BoxOverlay overlay() {
    return new BoxOverlay(overlayScore);
  }

  CspModel load() throws IOException {
    if (!Files.isRegularFile(checkpoint)) {
      throw new NoSuchFileException(checkpoint.toString(), null, "checkpoint does not exist");
    }
    CspModel model = CspModel.fromCheckpoint(checkpoint);
    // The detection variant has no stage-0 norm; --arch names the plain architecture.
    architecture.requireMatches(model.backbone().config().withOutIndices(0, 1, 2, 3), checkpoint);
    return model;
  }
}
