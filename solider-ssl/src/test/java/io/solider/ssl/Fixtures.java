package io.solider.ssl;

import io.solider.nn.io.Npy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The release's fixtures copied from shared/fixtures into test resources (dino_loss/, get_mask/). */
public final class Fixtures {

  private Fixtures() {}

  public static Path dir(String name) {
    try {
      return Path.of(Fixtures.class.getResource("/fixtures/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public static INDArray array(String fixture, String file) {
    try {
      return Npy.read(dir(fixture).resolve(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
