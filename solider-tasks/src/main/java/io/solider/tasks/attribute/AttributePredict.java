package io.solider.tasks.attribute;

import io.solider.nn.extract.InferenceEngine;
import io.solider.nn.extract.PooledFeatures;
import io.solider.nn.image.ImageSize;
import io.solider.nn.image.Images;
import io.solider.tasks.attribute.head.AttributeHead;
import io.solider.tasks.attribute.train.AttributeModel;
import io.solider.tasks.attribute.train.AttributeTrainConfig;
import io.solider.tasks.common.OutputFiles;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attribute predictions for a folder of person crops with the release's test transform: writes
 * {@code predictions.csv} (file, then one probability column per attribute name),
 * {@code probs.npy} (N × A float32, the same numbers, rows in the CSV's order) and
 * {@code predictions.png} (a grid of the first crops, each with the attributes it is predicted to
 * have, most probable first).
 */
public final class AttributePredict {

  private static final Logger log = LoggerFactory.getLogger(AttributePredict.class);
  private static final int COLUMNS = 6;
  private static final int TILE_W = 96;
  private static final int TILE_H = 192;
  private static final int LINE_H = 13;
  private static final int LINES = 8;

  /**
   * How to predict.
   *
   * @param size input size (256×128)
   * @param semanticWeight λ (0.8)
   * @param threshold an attribute is drawn as present when its probability is above this (0.5)
   * @param pictureImages crops drawn in {@code predictions.png} (the first in file order; 0: no picture)
   * @param batchSize images per forward pass
   * @param engine what runs the backbone (SameDiff or ONNX Runtime)
   */
  public record Config(ImageSize size, double semanticWeight, double threshold, int pictureImages, int batchSize,
      InferenceEngine engine) {
    public Config {
      if (!(semanticWeight >= 0 && semanticWeight <= 1)) {
        throw new IllegalArgumentException("semantic weight must be in [0, 1], got " + semanticWeight);
      }
      if (!(threshold >= 0 && threshold <= 1)) {
        throw new IllegalArgumentException("threshold must be in [0, 1], got " + threshold);
      }
      if (pictureImages < 0 || batchSize < 1) {
        throw new IllegalArgumentException("picture images must be >= 0 and batch size >= 1");
      }
      if (engine == null) {
        throw new IllegalArgumentException("an inference engine is required");
      }
    }

    /** The release's test settings: 256×128, λ 0.8, threshold 0.5; 24 crops drawn, batches of 64 (SameDiff). */
    public static Config release() {
      return new Config(new ImageSize(256, 128), 0.8, 0.5, 24, 64, InferenceEngine.SAMEDIFF);
    }

    /** These settings at another input size. */
    public Config withSize(ImageSize other) {
      return new Config(other, semanticWeight, threshold, pictureImages, batchSize, engine);
    }
  }

  /** One crop's predictions: its file and the probability of each attribute, in output order. */
  public record Prediction(Path file, float[] probabilities) {}

  private AttributePredict() {}

  /**
   * Predicts every image under {@code input} and writes the files named in the class comment.
   *
   * @param names the model's output names (as many as the head has outputs)
   * @throws IllegalArgumentException when the folder has no image, none decodes, or the names do
   *     not match the outputs
   */
  public static List<Prediction> run(AttributeModel model, List<String> names, Path input, Config config, Path output)
      throws IOException {
    AttributeHead head = model.head();
    if (names.size() != head.attributes()) {
      throw new IllegalArgumentException(names.size() + " attribute names for a model with " + head.attributes()
          + " outputs");
    }
    AttributeTrainConfig.requireInputFits(model.backbone().config(), config.size());
    List<Path> files = Images.listImages(input);
    if (files.isEmpty()) {
      throw new IllegalArgumentException(input + ": no images (" + Images.EXTENSIONS + ")");
    }
    PooledFeatures f = AttributeTest.features(model, input, files, config.size(), config.batchSize(),
        config.engine(), config.semanticWeight());
    float[] probs = AttributeTest.probabilities(head, f.at(0));
    int a = head.attributes();
    List<Prediction> result = new ArrayList<>();
    StringBuilder csv = new StringBuilder("file");
    names.forEach(n -> csv.append(',').append(OutputFiles.csvField(n)));
    csv.append('\n');
    for (int i = 0; i < f.size(); i++) {
      Path file = files.get(f.rows()[i]);
      float[] p = java.util.Arrays.copyOfRange(probs, i * a, (i + 1) * a);
      result.add(new Prediction(file, p));
      csv.append(OutputFiles.csvField(input.relativize(file).toString()));
      for (float v : p) {
        csv.append(',').append(String.format(Locale.ROOT, "%.6f", v));
      }
      csv.append('\n');
    }
    OutputFiles.writeText(csv.toString(), output.resolve("predictions.csv"));
    OutputFiles.writeNpy(Nd4j.create(probs, new long[] {f.size(), a}, 'c'), output.resolve("probs.npy"));
    if (config.pictureImages() > 0) {
      OutputFiles.writePng(picture(result.subList(0, Math.min(config.pictureImages(), result.size())), names,
          config.threshold()), output.resolve("predictions.png"));
    }
    log.info("{} crops predicted ({} skipped), {} attributes; wrote {}", f.size(), f.skipped(), a, output);
    return result;
  }

  /** The attributes of {@code p} above {@code threshold}, most probable first, as "name 0.93". */
  static List<String> present(Prediction p, List<String> names, double threshold) {
    float t = (float) threshold;
    return IntStream.range(0, names.size()).filter(j -> p.probabilities()[j] > t).boxed()
        .sorted(Comparator.comparingDouble((Integer j) -> -p.probabilities()[j]).thenComparingInt(j -> j))
        .map(j -> names.get(j) + String.format(Locale.ROOT, " %.2f", p.probabilities()[j])).toList();
  }

  private static BufferedImage picture(List<Prediction> shown, List<String> names, double threshold) throws IOException {
    int rows = (shown.size() + COLUMNS - 1) / COLUMNS;
    int cellW = TILE_W + 56;
    int cellH = TILE_H + LINES * LINE_H + 12;
    BufferedImage img = new BufferedImage(Math.min(shown.size(), COLUMNS) * cellW + 8, rows * cellH + 8,
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, img.getWidth(), img.getHeight());
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
    for (int i = 0; i < shown.size(); i++) {
      Prediction p = shown.get(i);
      int x = 4 + (i % COLUMNS) * cellW;
      int y = 4 + (i / COLUMNS) * cellH;
      g.drawImage(Images.decode(p.file()), x + (cellW - TILE_W) / 2, y, TILE_W, TILE_H, null);
      List<String> lines = present(p, names, threshold);
      g.setColor(new Color(0x1f77b4));
      for (int k = 0; k < Math.min(LINES, lines.size()); k++) {
        String text = k == LINES - 1 && lines.size() > LINES ? "+" + (lines.size() - k) + " more" : lines.get(k);
        g.drawString(text, x + 2, y + TILE_H + (k + 1) * LINE_H);
      }
      if (lines.isEmpty()) {
        g.setColor(Color.GRAY);
        g.drawString("(none above " + threshold + ")", x + 2, y + TILE_H + LINE_H);
      }
      g.setColor(Color.DARK_GRAY);
      g.drawString(p.file().getFileName().toString(), x + 2, y + TILE_H + LINES * LINE_H + 10);
    }
    g.dispose();
    return img;
  }
}
