package io.solider.tasks.common;

import io.solider.nn.image.ImageNormalization;
import io.solider.nn.image.Images;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes data set images, skipping (with a warning, counted in {@link #skipped()}) any that are
 * missing, corrupt or truncated, so one bad file never stops a run.
 */
public final class ImageSource {

  private static final Logger log = LoggerFactory.getLogger(ImageSource.class);

  private final SkippedImages skipped = new SkippedImages();

  /** The images skipped by this source so far. */
  public SkippedImages skipped() {
    return skipped;
  }

  /** The decoded RGB image, or empty (warned and counted) when it cannot be read. */
  public Optional<BufferedImage> load(Path file) {
    try {
      return Optional.of(Images.decode(file));
    } catch (IOException | RuntimeException e) {
      String reason = e instanceof java.nio.file.NoSuchFileException ? "missing" : String.valueOf(e.getMessage());
      log.warn("skipping unreadable image {}: {}", file, reason);
      skipped.add(file, reason);
      return Optional.empty();
    }
  }

  /**
   * A batch (N, 3, height, width) of the readable images among {@code files}, resized and
   * normalised; {@link Batch#kept()} gives the indices into {@code files} that made it.
   */
  public Batch loadBatch(List<Path> files, int height, int width, ImageNormalization norm) {
    int per = 3 * height * width;
    List<Integer> kept = new ArrayList<>();
    float[] data = new float[files.size() * per];
    for (int i = 0; i < files.size(); i++) {
      Optional<BufferedImage> img = load(files.get(i));
      if (img.isPresent()) {
        Images.toChw(Images.resize(img.get(), height, width), norm, data, kept.size() * per);
        kept.add(i);
      }
    }
    float[] used = java.util.Arrays.copyOf(data, kept.size() * per);
    INDArray arr = kept.isEmpty() ? null : Nd4j.create(used, new long[] {kept.size(), 3, height, width}, 'c');
    return new Batch(arr, List.copyOf(kept));
  }

  /**
   * A decoded batch.
   *
   * @param images (N, 3, H, W) pixels, null when nothing could be read
   * @param kept indices of the requested files that were read
   */
  public record Batch(INDArray images, List<Integer> kept) {}
}
