package io.solider.tasks.synth;

/**
 * Sizes and seed of one synthetic data generation run. Everything drawn derives from
 * {@code seed}; the same config always gives byte-identical output.
 *
 * @param seed master seed
 * @param identities re-id identities (Market-1501 and MSMT17 each get this many; half train, half test)
 * @param cameras cameras (Market-1501 names allow 1–9)
 * @param imagesPerIdentity re-id images per identity, spread over the cameras that see it
 * @param distractors Market-1501 distractor images (identity 0000) in the gallery
 * @param junk Market-1501 junk images (identity −1) in the gallery
 * @param attributeImages PA-100K-style images
 * @param poseImages COCO keypoint images (each with 1–3 people)
 * @param parsingImages LIP images
 * @param detectionImages CityPersons images
 * @param searchScenes CUHK-SYSU / PRW scene images
 * @param unlabeledImages unlabelled person crops
 * @param cropHeight re-id crop height (Market-1501: 128)
 * @param cropWidth re-id crop width (Market-1501: 64)
 */
public record SynthConfig(
    long seed,
    int identities,
    int cameras,
    int imagesPerIdentity,
    int distractors,
    int junk,
    int attributeImages,
    int poseImages,
    int parsingImages,
    int detectionImages,
    int searchScenes,
    int unlabeledImages,
    int cropHeight,
    int cropWidth) {

  public SynthConfig {
    positive("identities", identities, 4);
    if (cameras < 2 || cameras > 9) {
      throw new IllegalArgumentException("cameras must be in 2..9, got " + cameras);
    }
    positive("imagesPerIdentity", imagesPerIdentity, 2);
    positive("distractors", distractors, 0);
    positive("junk", junk, 0);
    positive("attributeImages", attributeImages, 0);
    positive("poseImages", poseImages, 0);
    positive("parsingImages", parsingImages, 0);
    positive("detectionImages", detectionImages, 0);
    positive("searchScenes", searchScenes, 0);
    positive("unlabeledImages", unlabeledImages, 0);
    positive("cropHeight", cropHeight, 32);
    positive("cropWidth", cropWidth, 16);
    if (identities > 9999) {
      throw new IllegalArgumentException("identities must be at most 9999 (4-digit names), got " + identities);
    }
  }

  private static void positive(String name, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be at least " + min + ", got " + value);
    }
  }

  /**
   * The default small set: a few hundred images of each kind, generated in seconds, with enough
   * examples for each task's short training proof: 2,000 PA-100K images (200 test images give the
   * rarer attributes tens of positives), 300 COCO images (about 600 people), 600 LIP images (500
   * train, 100 val), 200 CityPersons images (160 train, 40 val).
   */
  public static SynthConfig small(long seed) {
    return new SynthConfig(seed, 100, 6, 8, 30, 15, 2000, 300, 600, 200, 110, 200, 128, 64);
  }

  /** A tiny set for unit tests. */
  public static SynthConfig tiny(long seed) {
    return new SynthConfig(seed, 12, 3, 5, 4, 3, 30, 6, 10, 4, 24, 10, 128, 64);
  }

  public SynthConfig withSeed(long s) {
    return new SynthConfig(s, identities, cameras, imagesPerIdentity, distractors, junk, attributeImages,
        poseImages, parsingImages, detectionImages, searchScenes, unlabeledImages, cropHeight, cropWidth);
  }

  public SynthConfig withReid(int ids, int cams, int perIdentity) {
    return new SynthConfig(seed, ids, cams, perIdentity, distractors, junk, attributeImages, poseImages,
        parsingImages, detectionImages, searchScenes, unlabeledImages, cropHeight, cropWidth);
  }
}
