package io.solider.tasks.detection.metric;

import static org.assertj.core.api.Assertions.assertThat;

import io.solider.tasks.detection.data.CityPersons;
import io.solider.tasks.detection.data.DetectionImage;
import io.solider.tasks.synth.SynthConfig;
import io.solider.tasks.synth.SyntheticGenerator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The synthetic CityPersons set as evaluation ground truth, read from its file and from the reader. */
class CityPersonsGroundTruthTest {

  @TempDir static Path dir;
  static Path root;

  @BeforeAll
  static void generate() throws Exception {
    new SyntheticGenerator(new SynthConfig(5, 4, 2, 2, 0, 0, 0, 0, 0, 15, 0, 0, 128, 64)).generate(dir);
    root = dir.resolve("citypersons");
  }

  @Test
  void fileAndReaderGiveTheSameGroundTruthAndMissRates() throws Exception {
    EvalGroundTruth fromFile = DetectionJson.cityPersonsGroundTruth(root, "val");
    List<DetectionImage> images = CityPersons.read(root, "val");
    EvalGroundTruth fromReader = EvalGroundTruth.of(images);
    assertThat(fromReader.imageIds()).isEqualTo(fromFile.imageIds());
    assertThat(fromReader.annotations()).hasSameSizeAs(fromFile.annotations()).isNotEmpty();
    List<Detection> dets = new ArrayList<>();
    SplittableRandom r = new SplittableRandom(1);
    for (GroundTruthBox g : fromFile.annotations()) {
      if (r.nextDouble() < 0.8) {
        dets.add(new Detection(g.imageId(), 1, g.x() + r.nextDouble(-3, 3), g.y() + r.nextDouble(-3, 3), g.w(), g.h(),
            r.nextDouble()));
      }
      dets.add(new Detection(g.imageId(), 1, r.nextDouble(0, 900), r.nextDouble(0, 300), 40, 100, r.nextDouble(0.5)));
    }
    MissRateEvaluator e = MissRateEvaluator.cityPersons();
    MissRateEvaluation a = e.evaluate(fromFile, dets);
    MissRateEvaluation b = e.evaluate(fromReader, dets);
    assertThat(a.toJson()).isEqualTo(b.toJson());
    assertThat(a.missRate("Reasonable")).isBetween(0.0, 1.0);
    assertThat(a.images()).isEqualTo(images.size());
  }

  @Test
  void theTruthAsDetectionsHasNoMisses() throws Exception {
    EvalGroundTruth gt = DetectionJson.cityPersonsGroundTruth(root, "train");
    List<Detection> dets = new ArrayList<>();
    for (GroundTruthBox g : gt.annotations()) {
      if (g.ignore() == 0) {
        dets.add(new Detection(g.imageId(), 1, g.x(), g.y(), g.w(), g.h(), 0.9));
      }
    }
    MissRateEvaluation e = MissRateEvaluator.cityPersons().evaluate(gt, dets);
    assertThat(e.missRate("Reasonable")).isZero();
    assertThat(e.missRate("All")).isZero();
  }
}
