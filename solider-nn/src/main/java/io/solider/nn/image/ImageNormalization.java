package io.solider.nn.image;

/**
 * Per-channel normalisation {@code (x/255 − mean) / std} in RGB order.
 *
 * @param mean RGB means in [0, 1]
 * @param std RGB standard deviations
 */
public record ImageNormalization(float[] mean, float[] std) {

  public ImageNormalization {
    if (mean.length != 3 || std.length != 3) {
      throw new IllegalArgumentException("mean and std need 3 values (RGB)");
    }
    for (float s : std) {
      if (!(s > 0)) {
        throw new IllegalArgumentException("std must be positive");
      }
    }
    mean = mean.clone();
    std = std.clone();
  }

  /** ImageNet statistics, used by SOLIDER pretraining and feature extraction. */
  public static ImageNormalization imagenet() {
    return new ImageNormalization(new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});
  }

  /** Mean 0.5, std 0.5 per channel, used by the re-identification recipe. */
  public static ImageNormalization half() {
    return new ImageNormalization(new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.5f, 0.5f, 0.5f});
  }

  /**
   * The statistics of a recipe by name: {@code imagenet} (pretraining, extraction) or {@code reid}
   * (mean 0.5, std 0.5: the SOLIDER-REID train and test transforms).
   *
   * @throws IllegalArgumentException for any other name
   */
  public static ImageNormalization named(String name) {
    return switch (name) {
      case "imagenet" -> imagenet();
      case "reid" -> half();
      default -> throw new IllegalArgumentException("unknown normalisation '" + name + "' (imagenet or reid)");
    };
  }

  /** Normalises one 8-bit channel value of channel {@code c}. */
  public float apply(int c, int value) {
    return (value / 255f - mean[c]) / std[c];
  }
}
