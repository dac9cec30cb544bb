package io.solider.nn.extract;

import io.solider.nn.image.ImageNormalization;
import io.solider.nn.image.Images;

/**
 * Settings of a feature extraction.
 *
 * @param batchSize images per forward pass
 * @param height image height after resizing (folder input)
 * @param width image width after resizing (folder input)
 * @param normalization applied to decoded images (folder input; .npy input is used as is)
 * @param writeStages whether to write the four stage maps besides the pooled feature
 * @param maxPixels images whose header declares more pixels (width × height) are skipped
 *     undecoded (folder input; decompression bombs)
 */
public record ExtractionConfig(int batchSize, int height, int width, ImageNormalization normalization,
    boolean writeStages, long maxPixels) {

  public ExtractionConfig {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
    }
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException("image size must be positive, got " + height + "x" + width);
    }
    if (maxPixels < 1) {
      throw new IllegalArgumentException("the image pixel limit must be positive, got " + maxPixels);
    }
  }

  /**
   * Batch 16, 256×128 (SOLIDER's pretraining size), ImageNet normalisation, all outputs, images up
   * to {@link Images#DEFAULT_MAX_PIXELS} pixels.
   */
  public static ExtractionConfig defaults() {
    return new ExtractionConfig(16, 256, 128, ImageNormalization.imagenet(), true, Images.DEFAULT_MAX_PIXELS);
  }

  public ExtractionConfig withBatchSize(int n) {
    return new ExtractionConfig(n, height, width, normalization, writeStages, maxPixels);
  }

  public ExtractionConfig withSize(int h, int w) {
    return new ExtractionConfig(batchSize, h, w, normalization, writeStages, maxPixels);
  }

  public ExtractionConfig withNormalization(ImageNormalization n) {
    return new ExtractionConfig(batchSize, height, width, n, writeStages, maxPixels);
  }

  public ExtractionConfig withStages(boolean stages) {
    return new ExtractionConfig(batchSize, height, width, normalization, stages, maxPixels);
  }

  /** The same settings with another image pixel limit. */
  public ExtractionConfig withMaxPixels(long pixels) {
    return new ExtractionConfig(batchSize, height, width, normalization, writeStages, pixels);
  }
}
