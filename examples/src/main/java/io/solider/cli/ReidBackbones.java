package io.solider.cli;

import io.solider.nn.backbone.Backbone;
import io.solider.nn.backbone.SwinConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Loading the backbone of a re-id command's checkpoint: any layout the checkpoint reader accepts
 * (pretraining teacher, re-id model with {@code base.*}, …), architecture read off the tensors and
 * optionally checked against {@code --arch}. Re-id evaluation uses the backbone's pooled feature
 * (before the BN neck, TEST.NECK_FEAT 'before'), so the backbone is all a checkpoint must hold.
 */
final class ReidBackbones {

  private ReidBackbones() {}

  /**
   * The checkpoint's backbone; {@code arch} "auto" accepts any, "tiny"/"small"/"base" must match.
   *
   * @throws IllegalArgumentException when the architecture differs from {@code arch}
   */
  static Backbone load(Path checkpoint, String arch) throws IOException {
    if (!Files.isRegularFile(checkpoint)) {
      throw new NoSuchFileException(checkpoint.toString(), null, "checkpoint does not exist");
    }
    SwinConfig wanted = "auto".equals(arch) ? null : SwinConfig.named(arch);
    Backbone backbone = Backbone.fromCheckpoint(checkpoint);
    if (wanted != null && !wanted.sameArchitecture(backbone.config())) {
      throw new IllegalArgumentException(checkpoint + " holds a " + Backbone.describe(backbone.config())
          + " backbone, not --arch " + arch + " (" + Backbone.describe(wanted) + "); use --arch auto to accept it");
    }
    return backbone;
  }

  /** SHA-256 of a file, hex: identifies the checkpoint an index was built with. */
  static String sha256(Path file) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] buf = new byte[1 << 20];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
