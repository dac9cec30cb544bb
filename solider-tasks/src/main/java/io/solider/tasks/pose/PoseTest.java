package io.solider.tasks.pose;

import io.solider.nn.extract.InferenceEngine;
import io.solider.nn.image.ImageSize;
import io.solider.nn.image.Images;
import io.solider.nn.io.JsonFile;
import io.solider.tasks.common.Charts;
import io.solider.tasks.common.LambdaSweep;
import io.solider.tasks.pose.data.CenterScale;
import io.solider.tasks.pose.head.PoseModel;
import io.solider.tasks.pose.metric.KeypointEvaluation;
import io.solider.tasks.pose.metric.KeypointResult;
import io.solider.tasks.pose.metric.PersonPrediction;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tests a pose model on a COCO keypoint split at one or more semantic weights λ as the release
 * evaluates ({@code TopDownCocoDataset.evaluate}: flip test, rescoring by the mean score of
 * keypoints above {@code vis_thr} times the box score, OKS-NMS at {@code oks_thr}, COCOeval
 * keypoints), and writes {@code metrics.json} (best λ by AP on top, every λ listed),
 * {@code lambda.png} (AP and AR over λ), {@code results.json} (the best λ's COCO results list) and
 * skeleton overlays of the first images under {@code overlays/}.
 */
public final class PoseTest {

  private static final Logger log = LoggerFactory.getLogger(PoseTest.class);

  /**
   * How to test.
   *
   * @param input crop size (384×288)
   * @param lambdas semantic weights, distinct, in [0, 1]
   * @param flipTest average with the mirrored crop ({@code flip_test})
   * @param visThreshold {@code vis_thr} (0.2)
   * @param oksThreshold {@code oks_thr} (0.9)
   * @param batchSize crops per forward pass
   * @param overlays images to draw (0: none)
   * @param engine what runs the backbone
   */
  public record Config(ImageSize input, List<Double> lambdas, boolean flipTest, double visThreshold,
      double oksThreshold, int batchSize, int overlays, InferenceEngine engine) {
    public Config {
      lambdas = List.copyOf(lambdas);
      if (lambdas.isEmpty()) {
        throw new IllegalArgumentException("at least one semantic weight is needed");
      }
      for (int i = 0; i < lambdas.size(); i++) {
        if (!(lambdas.get(i) >= 0 && lambdas.get(i) <= 1)) {
          throw new IllegalArgumentException("semantic weights must lie in [0, 1], got " + lambdas.get(i));
        }
        if (lambdas.subList(0, i).contains(lambdas.get(i))) {
          throw new IllegalArgumentException("semantic weight " + lambdas.get(i) + " is given twice");
        }
      }
      if (batchSize < 1 || overlays < 0) {
        throw new IllegalArgumentException("batch size must be >= 1 and overlays >= 0");
      }
    }
  }

  private PoseTest() {}

  /**
   * Runs the test and writes its files into {@code output}.
   *
   * @param checkpoint names the model in metrics.json
   */
  public static LambdaSweep<KeypointEvaluation> run(PoseModel model, Path checkpoint, PoseTestData data, Config config,
      Path output) throws IOException {
    double[] lambdas = config.lambdas().stream().mapToDouble(Double::doubleValue).toArray();
    log.info("{}: {} people ({} boxes) at {}, λ {}", data.split().name(), data.people().size(), data.boxSource(),
        config.input(), config.lambdas());
    List<List<PersonPrediction>> predictions;
    try (PoseEstimator estimator = new PoseEstimator(model,
        new PoseEstimator.Config(config.input(), config.flipTest(), config.batchSize()), config.engine())) {
      predictions = estimator.predict(data.people(), lambdas, data.sizes());
    }
    List<LambdaSweep.Entry<KeypointEvaluation>> entries = new ArrayList<>();
    List<List<KeypointResult>> results = new ArrayList<>();
    for (int l = 0; l < lambdas.length; l++) {
      List<KeypointResult> r = data.results(predictions.get(l), config.visThreshold(), config.oksThreshold());
      KeypointEvaluation e = data.evaluate(r);
      results.add(r);
      entries.add(new LambdaSweep.Entry<>(lambdas[l], e));
      log.info("λ {}: {}", Charts.trim(lambdas[l]), e);
    }
    LambdaSweep<KeypointEvaluation> sweep = LambdaSweep.of(entries, Comparator.comparingDouble(KeypointEvaluation::ap));
    Files.createDirectories(output);
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("split", data.split().name());
    extra.put("annotations", data.annotations().toAbsolutePath().toString());
    extra.put("boxes", data.boxSource());
    extra.put("checkpoint", checkpoint.toAbsolutePath().toString());
    extra.put("input_size", List.of(config.input().height(), config.input().width()));
    extra.put("flip_test", config.flipTest());
    extra.put("people", data.people().size());
    JsonFile.write(sweep.toJson(extra), output.resolve("metrics.json"));
    List<KeypointResult> best = results.get(sweep.best());
    JsonFile.write(KeypointResult.toJson(best), output.resolve("results.json"));
    Map<String, ToDoubleFunction<? super KeypointEvaluation>> metrics = new LinkedHashMap<>();
    metrics.put("AP", KeypointEvaluation::ap);
    metrics.put("AR", e -> e.get("AR"));
    sweep.writeChart(metrics, "AP", "OKS AP and AR over λ, " + data.split().name(), output.resolve("lambda.png"));
    writeOverlays(data, best, config.overlays(), output.resolve("overlays"));
    if (lambdas.length > 1) {
      log.info("best λ {} (AP {})", Charts.trim(sweep.bestEntry().lambda()),
          String.format("%.3f", sweep.bestEntry().evaluation().ap()));
    }
    return sweep;
  }

  /** Skeletons of the first {@code count} images' results (after rescoring and OKS-NMS). */
  static void writeOverlays(PoseTestData data, List<KeypointResult> results, int count, Path folder)
      throws IOException {
    Map<Long, List<PoseOverlay.Person>> byImage = new TreeMap<>();
    for (KeypointResult r : results) {
      byImage.computeIfAbsent(r.imageId(), k -> new ArrayList<>()).add(new PoseOverlay.Person(r.keypoints(),
          box(r.center(), r.scale())));
    }
    Map<Long, Path> files = data.split().files();
    int drawn = 0;
    for (Map.Entry<Long, List<PoseOverlay.Person>> e : byImage.entrySet()) {
      if (drawn >= count) {
        break;
      }
      Path file = files.get(e.getKey());
      if (file == null || !Files.isRegularFile(file)) {
        continue;
      }
      BufferedImage img = Images.decode(file);
      String name = file.getFileName().toString();
      PoseOverlay.write(PoseOverlay.draw(img, e.getValue()),
          folder.resolve(name.substring(0, Math.max(1, name.lastIndexOf('.'))) + ".png"));
      drawn++;
    }
  }

  /** The box a centre/scale was made from, without the 1.25 padding (x, y, w, h). */
  static double[] box(float[] center, float[] scale) {
    double w = scale[0] * CenterScale.PIXEL_STD / CenterScale.PADDING;
    double h = scale[1] * CenterScale.PIXEL_STD / CenterScale.PADDING;
    return new double[] {center[0] - w / 2, center[1] - h / 2, w, h};
  }
}
