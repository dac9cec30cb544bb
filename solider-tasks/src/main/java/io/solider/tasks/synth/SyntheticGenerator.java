package io.solider.tasks.synth;

import java.io.IOException;
import io.solider.nn.io.OutputFolders;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Draws labelled synthetic people and writes them, from one seed, in the layouts of Market-1501,
 * MSMT17, PA-100K, COCO keypoints, LIP, CityPersons (Pedestron JSON), CUHK-SYSU, PRW and an
 * unlabelled crop folder, so that the real-format readers take them unchanged.
 *
 * <p>Each image has its own random stream derived from the seed and the image's keys, so the
 * bytes written do not depend on thread scheduling.
 */
public final class SyntheticGenerator {

  private static final Logger log = LoggerFactory.getLogger(SyntheticGenerator.class);

  private final SynthConfig config;

  public SyntheticGenerator(SynthConfig config) {
    this.config = config;
  }

  /** Writes every data set under {@code output} and returns the truth of what was written. */
  public SynthTruth generate(Path output) throws IOException {
    OutputFolders.prepare(output);
    long t0 = System.nanoTime();
    List<ReidShot> market = step("market1501", () -> ReidWriters.writeMarket(config, output.resolve("market1501")));
    List<ReidShot> msmt = step("msmt17", () -> ReidWriters.writeMsmt(config, output.resolve("msmt17")));
    List<SynthTruth.AttributeTruth> attributes =
        step("pa100k", () -> AttributeWriter.write(config, output.resolve("pa100k")));
    List<SynthTruth.SceneTruth> pose = step("coco", () -> SceneWriters.writeCoco(config, output.resolve("coco")));
    List<SynthTruth.ParsingTruth> parsing = step("lip", () -> ParsingWriter.write(config, output.resolve("lip")));
    List<SynthTruth.SceneTruth> detection =
        step("citypersons", () -> SceneWriters.writeCityPersons(config, output.resolve("citypersons")));
    List<SynthTruth.SceneTruth> search =
        step("cuhk_sysu", () -> SearchWriters.writeCuhkSysu(config, output.resolve("cuhk_sysu")));
    List<SynthTruth.SceneTruth> prw = step("prw", () -> SearchWriters.writePrw(config, output.resolve("prw")));
    List<String> unlabeled = step("unlabeled", () -> SceneWriters.writeUnlabeled(config, output.resolve("unlabeled")));
    log.info("synthetic data written to {} in {} ms", output, (System.nanoTime() - t0) / 1_000_000);
    return new SynthTruth(market, msmt, attributes, pose, parsing, detection, search, prw, unlabeled);
  }

  /** A writer step that may throw an {@link IOException}. */
  @FunctionalInterface
  interface Step<T> {
    T run() throws IOException;
  }

  private static <T> T step(String name, Step<T> s) throws IOException {
    long t0 = System.nanoTime();
    T out;
    try {
      out = s.run();
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
    int n = out instanceof List<?> l ? l.size() : 0;
    log.info("{}: {} items in {} ms", name, n, (System.nanoTime() - t0) / 1_000_000);
    return out;
  }
}
