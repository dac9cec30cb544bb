package io.solider.tasks.parsing.data;

import io.solider.tasks.common.DatasetFormatException;
import io.solider.tasks.common.DatasetSummary;
import io.solider.tasks.common.ImageSource;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads LIP in the layout of its loaders: {@code SPLIT_id.txt} (one id per line),
 * {@code SPLIT_images/ID.jpg} and {@code SPLIT_segmentations/ID.png} (8-bit, class ids 0–19, 255
 * ignored), for SPLIT {@code train} or {@code val}; or the official unpacked archives, where the
 * id lists and image folders sit in {@code TrainVal_images/} and the mask folders in
 * {@code TrainVal_parsing_annotations/}.
 */
public final class Lip {

  private static final Logger log = LoggerFactory.getLogger(Lip.class);

  /** LIP's 20 classes (background and 19 parts). */
  public static final int CLASSES = 20;
  /** Label of ignored pixels. */
  public static final int IGNORE = 255;
  /** The classes' names, by id (the release's {@code utils/miou.py} {@code LABELS}). */
  public static final List<String> CLASS_NAMES = List.of("Background", "Hat", "Hair", "Glove", "Sunglasses",
      "Upper-clothes", "Dress", "Coat", "Socks", "Pants", "Jumpsuits", "Scarf", "Skirt", "Face", "Left-arm",
      "Right-arm", "Left-leg", "Right-leg", "Left-shoe", "Right-shoe");

  private Lip() {}

  /** Lists split {@code split} under {@code root}. */
  public static List<ParsingSample> read(Path root, String split) throws IOException {
    DatasetFormatException.requireDirectory(root, "LIP root");
    // The official archives unpack to TrainVal_images/ and TrainVal_parsing_annotations/.
    boolean official = Files.isDirectory(root.resolve("TrainVal_images"));
    Path imageRoot = official ? root.resolve("TrainVal_images") : root;
    Path maskRoot = official ? root.resolve("TrainVal_parsing_annotations") : root;
    Path ids = DatasetFormatException.requireFile(imageRoot.resolve(split + "_id.txt"), "LIP id list");
    Path images = DatasetFormatException.requireDirectory(imageRoot.resolve(split + "_images"), "LIP images");
    Path masks = DatasetFormatException.requireDirectory(maskRoot.resolve(split + "_segmentations"), "LIP masks");
    List<String> lines = Files.readAllLines(ids, StandardCharsets.UTF_8);
    List<ParsingSample> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String id = lines.get(i).strip();
      if (id.isEmpty()) {
        continue;
      }
      if (id.contains(" ") || id.contains("/") || id.contains("\t")) {
        throw new DatasetFormatException(ids, i + 1, "bad image id \"" + id + "\"");
      }
      Path mask = masks.resolve(id + ".png");
      if (!Files.isRegularFile(mask)) {
        throw new DatasetFormatException(ids, i + 1, "no mask " + mask + " for id " + id);
      }
      out.add(new ParsingSample(id, images.resolve(id + ".jpg"), mask));
    }
    log.info("{}", new DatasetSummary("lip/" + split, out.size(), 0, 0, CLASSES));
    return out;
  }

  /**
   * Decodes the mask of {@code s} (8-bit grayscale or palette PNG, see {@link LabelPng}), checking
   * it holds only 0–19 and 255 and (when the image header is readable) has the image's size.
   */
  public static PartMask readMask(ParsingSample s) throws IOException {
    PartMask m = LabelPng.read(s.mask());
    Optional<int[]> size = imageSize(s.image());
    if (size.isPresent() && (size.get()[0] != m.width() || size.get()[1] != m.height())) {
      throw new DatasetFormatException(s.mask(), "wrong PNG size " + m.width() + "×" + m.height()
          + ", image " + s.image().getFileName() + " is " + size.get()[0] + "×" + size.get()[1]);
    }
    int[] labels = m.labels();
    for (int i = 0; i < labels.length; i++) {
      int v = labels[i];
      if (v >= CLASSES && v != IGNORE) {
        throw new DatasetFormatException(s.mask(), "pixel (" + (i % m.width()) + ", " + (i / m.width())
            + ") has class " + v + ", expected 0–19 or 255");
      }
    }
    return m;
  }

  /**
   * An image with its mask, or empty (warned and counted by {@code images}) when the image is
   * unreadable; a bad mask is a layout error and throws.
   */
  public static Optional<Pair> load(ParsingSample s, ImageSource images) throws IOException {
    Optional<BufferedImage> img = images.load(s.image());
    if (img.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Pair(img.get(), readMask(s)));
  }

  /** An image and its mask. */
  public record Pair(BufferedImage image, PartMask mask) {}

  private static Optional<int[]> imageSize(Path image) {
    try (ImageInputStream in = ImageIO.createImageInputStream(image.toFile())) {
      if (in == null) {
        return Optional.empty();
      }
      Iterator<ImageReader> it = ImageIO.getImageReaders(in);
      if (!it.hasNext()) {
        return Optional.empty();
      }
      ImageReader reader = it.next();
      try {
        reader.setInput(in);
        return Optional.of(new int[] {reader.getWidth(0), reader.getHeight(0)});
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
