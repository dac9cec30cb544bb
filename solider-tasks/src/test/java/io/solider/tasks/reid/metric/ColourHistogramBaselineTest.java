package io.solider.tasks.reid.metric;

import static org.assertj.core.api.Assertions.assertThat;

import io.solider.tasks.common.ImageSource;
import io.solider.tasks.reid.data.Market1501;
import io.solider.tasks.reid.data.ReidSample;
import io.solider.tasks.reid.data.ReidSplits;
import io.solider.tasks.synth.SynthConfig;
import io.solider.tasks.synth.SyntheticGenerator;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The synthetic Market-1501 split is learnable but not trivial: a colour histogram, the most
 * naive re-id feature, scores well above chance and well below 100 % mAP.
 */
class ColourHistogramBaselineTest {

  private static final Logger log = LoggerFactory.getLogger(ColourHistogramBaselineTest.class);

  @TempDir Path dir;

  @Test
  void colourHistogramBaselineIsAboveChanceAndBelowPerfect() throws Exception {
    SynthConfig cfg = SynthConfig.small(1);
    long t0 = System.nanoTime();
    new SyntheticGenerator(cfg).generate(dir);
    log.info("generated SynthConfig.small(1) in {} ms", (System.nanoTime() - t0) / 1_000_000);
    ReidSplits market = Market1501.read(dir.resolve("market1501"));
    ImageSource images = new ImageSource();
    ReidEvaluation e = new ReidEvaluator().evaluate(
        features(market.query(), images), pids(market.query()), cams(market.query()),
        features(market.gallery(), images), pids(market.gallery()), cams(market.gallery()));
    // Chance: the expected AP of a random ranking is about (true matches) / (gallery size).
    double chance = (double) (cfg.imagesPerIdentity() - 2) / market.gallery().size();
    log.info("colour-histogram baseline on synthetic Market-1501 (SynthConfig.small({})): {}; chance mAP ~{}%",
        cfg.seed(), e, String.format("%.2f", 100 * chance));
    assertThat(images.skipped().count()).isZero();
    assertThat(e.mAP()).isBetween(0.15, 0.60).isGreaterThan(5 * chance);
    assertThat(e.rank(1)).isLessThan(0.95);
  }

  private static float[][] features(List<ReidSample> s, ImageSource images) {
    return s.stream().map(x -> ColourHistogram.of(images.load(x.image()).orElseThrow())).toArray(float[][]::new);
  }

  private static int[] pids(List<ReidSample> s) {
    return s.stream().mapToInt(ReidSample::pid).toArray();
  }

  private static int[] cams(List<ReidSample> s) {
    return s.stream().mapToInt(ReidSample::camera).toArray();
  }
}
