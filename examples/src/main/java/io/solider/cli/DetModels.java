package io.solider.cli;

import io.solider.cli.options.ArchitectureOptions;
import io.solider.tasks.detection.head.CspModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Loads the CSP model a detection command is given, checked against {@code --arch}. */
final class DetModels {

  private DetModels() {}

  static CspModel load(Path checkpoint, ArchitectureOptions architecture) throws IOException {
    if (!Files.isRegularFile(checkpoint)) {
      throw new NoSuchFileException(checkpoint.toString(), null, "checkpoint does not exist");
    }
    CspModel model = CspModel.fromCheckpoint(checkpoint);
    // The detection variant has no stage-0 norm; --arch names the plain architecture.
    architecture.requireMatches(model.backbone().config().withOutIndices(0, 1, 2, 3), checkpoint);
    return model;
  }
}
