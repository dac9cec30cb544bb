package io.solider.nn.extract;

import io.solider.nn.image.ImageNormalization;

/**
 * Settings of a feature extraction.
 *
 * @param batchSize images per forward pass
 * @param height image height after resizing (folder input)
 * @param width image width after resizing (folder input)
 * @param normalization applied to decoded images (folder input; .npy input is used as is)
 * @param writeStages whether to write the four stage maps besides the pooled feature
 */
public record ExtractionConfig(int batchSize, int height, int width, ImageNormalization normalization,
    boolean writeStages) {

  public ExtractionConfig {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
    }
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException("image size must be positive, got " + height + "x" + width);
    }
  }

  /** Batch 16, 256×128 (SOLIDER's pretraining size), ImageNet normalisation, all outputs. */
  public static ExtractionConfig defaults() {
    return new ExtractionConfig(16, 256, 128, ImageNormalization.imagenet(), true);
  }

  public ExtractionConfig withBatchSize(int n) {
    return new ExtractionConfig(n, height, width, normalization, writeStages);
  }

  public ExtractionConfig withSize(int h, int w) {
    return new ExtractionConfig(batchSize, h, w, normalization, writeStages);
  }

  public ExtractionConfig withNormalization(ImageNormalization n) {
    return new ExtractionConfig(batchSize, height, width, n, writeStages);
  }

  public ExtractionConfig withStages(boolean stages) {
    return new ExtractionConfig(batchSize, height, width, normalization, stages);
  }
}
