package io.solider.nn.checkpoint;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** Locates the committed checkpoint test resources. */
final class CheckpointTestFiles {

  private CheckpointTestFiles() {}

  static Path resource(String name) {
    URL url = CheckpointTestFiles.class.getResource("/" + name);
    if (url == null) {
      throw new IllegalStateException("missing test resource " + name);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Path teacher() {
    return resource("fixtures/tiny/teacher_ckpt.pth");
  }

  static Path layout(String name) {
    return resource("checkpoints/" + name);
  }
}
