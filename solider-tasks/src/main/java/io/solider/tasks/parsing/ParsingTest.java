package io.solider.tasks.parsing;

import io.solider.nn.extract.InferenceEngine;
import io.solider.nn.image.ImageNormalization;
import io.solider.nn.image.ImageSize;
import io.solider.nn.io.JsonFile;
import io.solider.tasks.common.Charts;
import io.solider.tasks.common.ImageSource;
import io.solider.tasks.common.LambdaSweep;
import io.solider.tasks.parsing.data.Lip;
import io.solider.tasks.parsing.data.ParsingOverlay;
import io.solider.tasks.parsing.data.ParsingSample;
import io.solider.tasks.parsing.data.PartMask;
import io.solider.tasks.parsing.head.ParsingModel;
import io.solider.tasks.parsing.head.ParsingPredictor;
import io.solider.tasks.parsing.metric.LipValidation;
import io.solider.tasks.parsing.metric.ParsingEvaluation;
import java.awt.image.BufferedImage;
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
 * Tests a parsing model on LIP's validation split at one or more semantic weights λ with the
 * release's protocol (evaluate.py: whole image to the crop, test scales and flip, fused fusion
 * logits, back to the image's own resolution, one confusion matrix) and writes
 * {@code metrics.json} (parsing-eval's keys in percent for the best λ on top, every λ listed),
 * {@code lambda.png} (mIoU, pixel and mean accuracy over λ, for several λ),
 * {@code per_class_iou.png} (the best λ) and {@code overlays/ID.png} (photo, ground truth and
 * prediction in LIP's colours, the best λ).
 */
public final class ParsingTest {

  private static final Logger log = LoggerFactory.getLogger(ParsingTest.class);

  /** Opacity of the part colours over the photo. */
  static final double OVERLAY_ALPHA = 0.6;

  private ParsingTest() {}

  /**
   * How to test.
   *
   * @param crop the crop size the image is warped to (572×384)
   * @param normalization image normalisation (ImageNet)
   * @param lambdas the semantic weights to evaluate, distinct, in [0, 1]
   * @param protocol test scales, flip, batch size
   * @param overlays validation images drawn as overlays (the first ones)
   * @param engine what runs the backbone (SameDiff or ONNX Runtime)
   */
  public record Config(ImageSize crop, ImageNormalization normalization, List<Double> lambdas,
      ParsingPredictor.Options protocol, int overlays, InferenceEngine engine) {
    public Config {
      lambdas = LambdaSweep.checkedLambdas(lambdas);
      if (overlays < 0) {
        throw new IllegalArgumentException("number of overlays must be >= 0, got " + overlays);
      }
    }
  }

  /**
   * Runs the test on {@code data}'s validation split and writes its files into {@code output}.
   *
   * @param checkpoint names the model in metrics.json
   * @throws IllegalArgumentException when the split is empty
   */
  public static LambdaSweep<ParsingEvaluation> run(ParsingModel model, Path checkpoint, Path data, Config config,
      Path output) throws IOException {
    List<ParsingSample> val = Lip.read(data, "val");
    if (val.isEmpty()) {
      throw new IllegalArgumentException(data + ": LIP validation split (val_id.txt) lists no image");
    }
    Files.createDirectories(output);
    ImageSource images = new ImageSource();
    int drawn = Math.min(config.overlays(), val.size());
    List<ParsingSample> drawnSamples = val.subList(0, drawn);
    Map<Double, Map<ParsingSample, PartMask>> pictures = new LinkedHashMap<>();
    List<LambdaSweep.Entry<ParsingEvaluation>> entries = new ArrayList<>();
    log.info("LIP val: {} images, crop {}, scales {}{}, λ {}", val.size(), config.crop(), config.protocol().scales(),
        config.protocol().flip() ? " + flip" : "", config.lambdas());
    try (ParsingPredictor predictor = new ParsingPredictor(model, config.crop().height(), config.crop().width(),
        config.normalization(), config.protocol(), config.engine())) {
      for (double lambda : config.lambdas()) {
        Map<ParsingSample, PartMask> kept = new LinkedHashMap<>();
        ParsingEvaluation e = LipValidation.evaluate(predictor, val, lambda, model.spec().classes(),
            lambda == config.lambdas().get(0) ? images : new ImageSource(), (s, img, truth, pred) -> {
              if (kept.size() < drawn && drawnSamples.contains(s)) {
                kept.put(s, pred);
              }
            });
        pictures.put(lambda, kept);
        entries.add(new LambdaSweep.Entry<>(lambda, e));
        log.info("λ {}: {}", Charts.trim(lambda), e.summary());
      }
    }
    LambdaSweep<ParsingEvaluation> sweep = LambdaSweep.of(entries,
        Comparator.comparingDouble(ParsingEvaluation::meanIoU));
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("dataset", "lip/val");
    extra.put("data", data.toAbsolutePath().toString());
    extra.put("checkpoint", checkpoint.toAbsolutePath().toString());
    extra.put("crop_size", List.of(config.crop().height(), config.crop().width()));
    extra.put("scales", config.protocol().scales());
    extra.put("flip", config.protocol().flip());
    extra.put("num_images", sweep.bestEntry().evaluation().images());
    extra.put("skipped_images", images.skipped().count());
    JsonFile.write(sweep.toJson(extra), output.resolve("metrics.json"));
    writePictures(sweep, pictures.get(sweep.bestEntry().lambda()), output);
    if (sweep.entries().size() > 1) {
      log.info("best λ {} (mIoU {}%)", Charts.trim(sweep.bestEntry().lambda()),
          String.format("%.2f", sweep.bestEntry().evaluation().meanIoU()));
    }
    return sweep;
  }

  private static void writePictures(LambdaSweep<ParsingEvaluation> sweep, Map<ParsingSample, PartMask> predictions,
      Path output) throws IOException {
    Map<String, ToDoubleFunction<? super ParsingEvaluation>> metrics = new LinkedHashMap<>();
    metrics.put("mIoU", e -> e.meanIoU() / 100);
    metrics.put("pixel accuracy", e -> e.pixelAccuracy() / 100);
    metrics.put("mean accuracy", e -> e.meanAccuracy() / 100);
    sweep.writeChart(metrics, "mIoU", "LIP val: mIoU and accuracies over λ", output.resolve("lambda.png"));
    ParsingEvaluation best = sweep.bestEntry().evaluation();
    double[] iou = best.perClassIoU();
    List<String> names = new ArrayList<>();
    for (int c = 0; c < iou.length; c++) {
      names.add(c < Lip.CLASS_NAMES.size() ? Lip.CLASS_NAMES.get(c) : "class " + c);
    }
    Charts.writeBars(names, iou, "IoU (%)", "LIP val: IoU per class, λ " + Charts.trim(sweep.bestEntry().lambda())
        + " (mIoU " + String.format("%.2f", best.meanIoU()) + "%)", output.resolve("per_class_iou.png"));
    if (predictions.isEmpty()) {
      return;
    }
    Path dir = Files.createDirectories(output.resolve("overlays"));
    for (Map.Entry<ParsingSample, PartMask> p : predictions.entrySet()) {
      ParsingSample s = p.getKey();
      BufferedImage img = io.solider.nn.image.Images.decode(s.image());
      BufferedImage panel = ParsingOverlay.sideBySide(
          List.of(img, ParsingOverlay.draw(img, Lip.readMask(s), OVERLAY_ALPHA),
              ParsingOverlay.draw(img, p.getValue(), OVERLAY_ALPHA)),
          List.of(s.id(), "ground truth", "prediction"));
      ParsingOverlay.writePng(panel, dir.resolve(s.id() + ".png"));
    }
  }
}
