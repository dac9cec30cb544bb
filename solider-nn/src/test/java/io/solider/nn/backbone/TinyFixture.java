package io.solider.nn.backbone;

import io.solider.nn.io.Npy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The release's tiny fixture (copied from shared/fixtures/tiny into test resources): a
 * checkpoint written by SOLIDER's pretraining, an input batch and the release's outputs.
 */
final class TinyFixture {

  private static final Logger LOG = LoggerFactory.getLogger("parity");

  /** Tags of the recorded semantic weights: λ = 0, 0.5, 1 and a per-sample mix (0.25, 0.9). */
  static final List<String> TAGS = List.of("w0.0", "w0.5", "w1.0", "mixed");
  static final List<String> OUTPUTS = List.of("pooled", "stage0", "stage1", "stage2", "stage3");

  private TinyFixture() {}

  static Path dir() {
    try {
      return Path.of(TinyFixture.class.getResource("/fixtures/tiny").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Path checkpoint() {
    return dir().resolve("teacher_ckpt.pth");
  }

  static INDArray array(String relative) {
    try {
      return Npy.read(dir().resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static INDArray input() {
    return array("input.npy");
  }

  static INDArray semanticWeight(String tag) {
    return array("sw_" + tag + ".npy");
  }

  static INDArray reference(String tag, String output) {
    return array("out_" + tag + "_" + output + ".npy");
  }

  /** The recorded gradient names (state-dict keys, plus "input"). */
  static List<String> gradientNames() {
    try (Stream<Path> s = Files.list(dir().resolve("grad"))) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("grad_"))
          .map(n -> n.substring("grad_".length(), n.length() - ".npy".length()))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Backbone backbone() {
    try {
      return Backbone.fromCheckpoint(checkpoint());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@link #relativeError}, logged as "parity WHAT: ERROR" so that the figures the docs quote
   * come out of the test run.
   */
  static double measured(String what, INDArray ours, INDArray ref) {
    double e = relativeError(ours, ref);
    LOG.info("parity {}: {}", what, String.format("%.2e", e));
    return e;
  }

  /** max|ours − ref| / max|ref|, the measure every parity test states its tolerance in. */
  static double relativeError(INDArray ours, INDArray ref) {
    if (!java.util.Arrays.equals(ours.shape(), ref.shape())) {
      throw new AssertionError("shape " + java.util.Arrays.toString(ours.shape()) + " != reference "
          + java.util.Arrays.toString(ref.shape()));
    }
    return ours.castTo(ref.dataType()).sub(ref).amaxNumber().doubleValue() / ref.amaxNumber().doubleValue();
  }

  static Map<String, INDArray> copy(Map<String, INDArray> m) {
    Map<String, INDArray> c = new LinkedHashMap<>();
    m.forEach((k, v) -> c.put(k, v.dup()));
    return c;
  }
}
