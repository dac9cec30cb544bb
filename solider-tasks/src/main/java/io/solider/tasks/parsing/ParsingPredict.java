package io.solider.tasks.parsing;

import io.solider.nn.extract.InferenceEngine;
import io.solider.nn.image.ImageNormalization;
import io.solider.nn.image.ImageSize;
import io.solider.nn.image.Images;
import io.solider.nn.progress.ProgressLog;
import io.solider.tasks.common.ImageSource;
import io.solider.tasks.parsing.data.LabelPng;
import io.solider.tasks.parsing.data.ParsingOverlay;
import io.solider.tasks.parsing.data.PartMask;
import io.solider.tasks.parsing.head.ParsingModel;
import io.solider.tasks.parsing.head.ParsingPredictor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses every image under a folder with the release's test protocol and writes, for an image
 * {@code REL/NAME.EXT} of the folder, {@code labels/REL/NAME.png} (LIP's exchange format: an 8-bit
 * palette PNG of class ids with LIP's palette, at the image's size, what evaluate.py saves with
 * {@code --save-results}; {@code parsing-eval} reads it) and {@code overlays/REL/NAME.png} (the
 * photo beside it with the parts in LIP's colours). Unreadable images are skipped with a warning.
 */
public final class ParsingPredict {

  private static final Logger log = LoggerFactory.getLogger(ParsingPredict.class);

  private ParsingPredict() {}

  /**
   * How to predict.
   *
   * @param crop the crop size (572×384)
   * @param normalization image normalisation (ImageNet)
   * @param semanticWeight λ
   * @param protocol test scales, flip, batch size; the label maps use the float box centre, as
   *     evaluate.py's saved PNGs
   * @param overlays whether to draw overlays
   * @param engine what runs the backbone
   */
  public record Config(ImageSize crop, ImageNormalization normalization, double semanticWeight,
      ParsingPredictor.Options protocol, boolean overlays, InferenceEngine engine) {
    public Config {
      if (!(semanticWeight >= 0 && semanticWeight <= 1)) {
        throw new IllegalArgumentException("semantic weight must be in [0, 1], got " + semanticWeight);
      }
    }
  }

  /** What was written for one image. */
  public record Parsed(Path image, Path labels, PartMask prediction) {}

  /** Parses every image under {@code input} into {@code output}. */
  public static List<Parsed> run(ParsingModel model, Path input, Config config, Path output) throws IOException {
    List<Path> files = Images.listImages(input);
    if (files.isEmpty()) {
      throw new IllegalArgumentException(input + ": no images (" + Images.EXTENSIONS + ")");
    }
    ImageSource source = new ImageSource();
    List<Parsed> out = new ArrayList<>();
    ProgressLog progress = ProgressLog.every10s(log, "parsing-predict", "images", files.size());
    ParsingPredictor.Options protocol = config.protocol().withIntegerCentre(false);
    try (ParsingPredictor predictor = new ParsingPredictor(model, config.crop().height(), config.crop().width(),
        config.normalization(), protocol, config.engine())) {
      int n = protocol.batchSize();
      for (int from = 0; from < files.size(); from += n) {
        List<Path> chunk = files.subList(from, Math.min(files.size(), from + n));
        List<Path> kept = new ArrayList<>();
        List<BufferedImage> images = new ArrayList<>();
        for (Path f : chunk) {
          Optional<BufferedImage> img = source.load(f);
          if (img.isPresent()) {
            kept.add(f);
            images.add(img.get());
          }
        }
        List<PartMask> predictions = predictor.predict(images, config.semanticWeight());
        for (int i = 0; i < kept.size(); i++) {
          out.add(write(input, kept.get(i), images.get(i), predictions.get(i), config.overlays(), output));
        }
        progress.advance(chunk.size());
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(input + ": none of the " + files.size() + " images could be decoded");
    }
    log.info("{} images parsed ({} skipped) at λ {}; wrote {}", out.size(), source.skipped().count(),
        config.semanticWeight(), output);
    return out;
  }

  private static Parsed write(Path input, Path file, BufferedImage image, PartMask prediction, boolean overlay,
      Path output) throws IOException {
    String rel = input.relativize(file).toString();
    String stem = rel.substring(0, rel.lastIndexOf('.')) + ".png";
    Path labels = output.resolve("labels").resolve(stem);
    Files.createDirectories(labels.getParent());
    LabelPng.writePalette(prediction, labels);
    if (overlay) {
      Path picture = output.resolve("overlays").resolve(stem);
      Files.createDirectories(picture.getParent());
      ParsingOverlay.writePng(ParsingOverlay.sideBySide(
          List.of(image, ParsingOverlay.draw(image, prediction, ParsingTest.OVERLAY_ALPHA)),
          List.of(file.getFileName().toString(), "parsing")), picture);
    }
    return new Parsed(file, labels, prediction);
  }
}
