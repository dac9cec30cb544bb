package io.solider.tasks.detection;

import io.solider.nn.image.Images;
import io.solider.nn.io.JsonFile;
import io.solider.tasks.common.Charts;
import io.solider.tasks.common.LambdaSweep;
import io.solider.tasks.detection.data.CityPersons;
import io.solider.tasks.detection.data.DetectionImage;
import io.solider.tasks.detection.head.CspModel;
import io.solider.tasks.detection.metric.DetectionJson;
import io.solider.tasks.detection.metric.EvalGroundTruth;
import io.solider.tasks.detection.metric.MissRateEvaluation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tests a CSP model on a CityPersons split at one or more semantic weights λ as the release's
 * {@code test_city_person.py} does (full-image inference, the release's decoding and NMS, the
 * CityPersons miss rate against the split's ground-truth file) and writes {@code metrics.json}
 * (the best λ, i.e. the lowest {@code Reasonable} MR⁻², on top; every λ listed),
 * {@code detections.json} (COCO results of the best λ; {@code detections_lambda_<λ>.json} for each
 * λ when there are several), {@code lambda.png} (miss rates over λ) and box overlays of the first
 * images ({@code overlays/}).
 */
public final class DetectionTest {

  private static final Logger log = LoggerFactory.getLogger(DetectionTest.class);
  /** The setup that orders the sweep, as the release reports it first. */
  public static final String HEADLINE = "Reasonable";

  /**
   * How to test.
   *
   * @param split the CityPersons split ({@code val})
   * @param lambdas the semantic weights, distinct, in [0, 1]
   * @param detector test scale, decoding, engine
   * @param overlays images drawn (the first ones of the split)
   * @param overlay what the overlays show
   */
  public record Config(String split, List<Double> lambdas, CspDetector.Config detector, int overlays,
      BoxOverlay overlay) {
    public Config {
      lambdas = LambdaSweep.checkedLambdas(lambdas);
      if (overlays < 0) {
        throw new IllegalArgumentException("overlays must be >= 0, got " + overlays);
      }
    }
  }

  private DetectionTest() {}

  /**
   * Runs the test and writes its files into {@code output}.
   *
   * @param checkpoint names the model in metrics.json
   * @param data a CityPersons folder
   * @throws IllegalArgumentException when the split has no image
   */
  public static LambdaSweep<MissRateEvaluation> run(CspModel model, Path checkpoint, Path data, Config config,
      Path output) throws IOException {
    List<DetectionImage> images = CityPersons.read(data, config.split());
    if (images.isEmpty()) {
      throw new IllegalArgumentException(CityPersons.annotationFile(data, config.split()) + ": no images in the "
          + config.split() + " split");
    }
    EvalGroundTruth gt = DetectionJson.cityPersonsGroundTruth(data, config.split());
    double[] lambdas = config.lambdas().stream().mapToDouble(Double::doubleValue).toArray();
    log.info("{} {}: {} images at test scale {}x{}, λ {}", data, config.split(), images.size(),
        config.detector().transform().shortEdge(), config.detector().transform().longEdge(), config.lambdas());
    CspInference.Result result;
    try (CspDetector detector = new CspDetector(model, config.detector())) {
      result = CspInference.run(detector, images, lambdas);
    }
    List<LambdaSweep.Entry<MissRateEvaluation>> entries = new ArrayList<>();
    for (int l = 0; l < lambdas.length; l++) {
      MissRateEvaluation e = result.evaluate(l, gt);
      entries.add(new LambdaSweep.Entry<>(lambdas[l], e));
      log.info("λ {}: {}", Charts.trim(lambdas[l]), e.summary());
    }
    LambdaSweep<MissRateEvaluation> sweep = LambdaSweep.of(entries, lowerMissRate());
    write(sweep, result, checkpoint, data, config, output);
    return sweep;
  }

  /** Lower {@value #HEADLINE} MR⁻² is better; a setup without people (−1) counts as the worst. */
  static Comparator<MissRateEvaluation> lowerMissRate() {
    ToDoubleFunction<MissRateEvaluation> mr = e -> {
      double v = e.missRate(HEADLINE);
      return v < 0 ? Double.POSITIVE_INFINITY : v;
    };
    return Comparator.comparingDouble(mr).reversed();
  }

  private static void write(LambdaSweep<MissRateEvaluation> sweep, CspInference.Result result, Path checkpoint,
      Path data, Config config, Path output) throws IOException {
    Files.createDirectories(output);
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("dataset", "citypersons/" + config.split());
    extra.put("data", data.toAbsolutePath().toString());
    extra.put("checkpoint", checkpoint.toAbsolutePath().toString());
    extra.put("test_scale", List.of(config.detector().transform().shortEdge(), config.detector().transform().longEdge()));
    extra.put("num_images", result.images().size());
    JsonFile.write(sweep.toJson(extra), output.resolve("metrics.json"));
    DetectionJson.writeResults(result.detections(sweep.best()), output.resolve("detections.json"));
    if (sweep.entries().size() > 1) {
      for (int l = 0; l < result.lambdas().length; l++) {
        DetectionJson.writeResults(result.detections(l),
            output.resolve("detections_lambda_" + Charts.trim(result.lambdas()[l]) + ".json"));
      }
      Map<String, ToDoubleFunction<? super MissRateEvaluation>> metrics = new LinkedHashMap<>();
      for (String setup : sweep.bestEntry().evaluation().missRates().keySet()) {
        if (sweep.entries().stream().allMatch(e -> e.evaluation().missRate(setup) >= 0)) {
          metrics.put("MR-2 " + setup, e -> e.missRate(setup));
        }
      }
      if (!metrics.isEmpty()) {
        sweep.writeChart(metrics, "MR-2 " + HEADLINE, "Log-average miss rate over λ (lower is better), citypersons/"
            + config.split(), output.resolve("lambda.png"));
      }
      log.info("best λ {} ({} MR-2 {}%)", Charts.trim(sweep.bestEntry().lambda()), HEADLINE,
          String.format("%.2f", 100 * sweep.bestEntry().evaluation().missRate(HEADLINE)));
    }
    int n = Math.min(config.overlays(), result.images().size());
    for (int i = 0; i < n; i++) {
      DetectionImage img = result.images().get(i);
      String name = img.image().getFileName().toString().replaceAll("\\.[^.]*$", "");
      config.overlay().write(Images.decode(img.image()), img.boxes(), result.boxes().get(sweep.best()).get(i),
          name + ", " + Charts.lambdaLabel(sweep.bestEntry().lambda()), output.resolve("overlays").resolve(name + ".png"));
    }
  }
}
