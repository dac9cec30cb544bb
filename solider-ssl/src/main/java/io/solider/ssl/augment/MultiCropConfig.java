package io.solider.ssl.augment;

/**
 * Multi-crop settings (SOLIDER.md §4): 2 global crops and {@code localCrops} local crops per
 * image, each a random resized crop (area scale and aspect ratio w/h ranges, bicubic), then
 * flip, colour jitter, grayscale, blur, solarisation (global 2 only) and ImageNet normalisation.
 */
public record MultiCropConfig(int globalHeight, int globalWidth, int localHeight, int localWidth, int localCrops,
    double globalScaleMin, double globalScaleMax, double localScaleMin, double localScaleMax,
    double ratioMin, double ratioMax) {

  public MultiCropConfig {
    if (globalHeight <= 0 || globalWidth <= 0 || localHeight <= 0 || localWidth <= 0) {
      throw new IllegalArgumentException("crop sizes must be positive");
    }
    if (localCrops < 0) {
      throw new IllegalArgumentException("localCrops must be >= 0, got " + localCrops);
    }
    if (!(0 < globalScaleMin && globalScaleMin <= globalScaleMax && globalScaleMax <= 1)
        || !(0 < localScaleMin && localScaleMin <= localScaleMax && localScaleMax <= 1)) {
      throw new IllegalArgumentException("scale ranges must satisfy 0 < min <= max <= 1");
    }
    if (!(0 < ratioMin && ratioMin <= ratioMax)) {
      throw new IllegalArgumentException("aspect ratio range must satisfy 0 < min <= max");
    }
  }

  /** The release: 256×128 globals (scale 0.8–1), 8 locals of 128×64 (scale 0.05–0.8), w/h 0.4–0.6. */
  public static MultiCropConfig release() {
    return new MultiCropConfig(256, 128, 128, 64, 8, 0.8, 1.0, 0.05, 0.8, 0.4, 0.6);
  }

  /** Total crops per image, 2 + local. */
  public int crops() {
    return 2 + localCrops;
  }

  public MultiCropConfig withSizes(int gh, int gw, int lh, int lw) {
    return new MultiCropConfig(gh, gw, lh, lw, localCrops, globalScaleMin, globalScaleMax, localScaleMin,
        localScaleMax, ratioMin, ratioMax);
  }

  public MultiCropConfig withLocalCrops(int n) {
    return new MultiCropConfig(globalHeight, globalWidth, localHeight, localWidth, n, globalScaleMin, globalScaleMax,
        localScaleMin, localScaleMax, ratioMin, ratioMax);
  }
}
