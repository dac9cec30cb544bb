package io.solider.cli;

import io.solider.nn.backbone.Backbone;
import io.solider.nn.backbone.SwinConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Loading the backbone of a re-id command's checkpoint: any layout the checkpoint reader accepts
 * (pretraining teacher, re-id model with {@code base.*}, …), architecture read off the tensors and
 * (commands that take {@code --arch} check it with {@code ArchitectureOptions.load}). Re-id evaluation uses the backbone's pooled feature
 * (before the BN neck, TEST.NECK_FEAT 'before'), so the backbone is all a checkpoint must hold.
 */
final class ReidBackbones {

  private ReidBackbones() {}

  /** The checkpoint's backbone, any layout and architecture. */
  static Backbone load(Path checkpoint) throws IOException {
    if (!Files.isRegularFile(checkpoint)) {
      throw new NoSuchFileException(checkpoint.toString(), null, "checkpoint does not exist");
    }
    return Backbone.fromCheckpoint(checkpoint);
  }

  /** SHA-256 of a file, hex: identifies the checkpoint an index was built with. */
  static String sha256(Path file) throws IOException {
    return io.solider.nn.io.FileDigests.sha256(file);
  }
}
