package io.solider.tasks.detection.data;

import io.solider.tasks.common.Cv2Resize;
import io.solider.tasks.common.U8Image;

/**
 * The release's CSP test transform: {@code mmcv.imrescale} to fit {@code longEdge × shortEdge}
 * keeping the aspect ratio (scale {@code min(long/max(h, w), short/min(h, w))}, size
 * {@code int(w·s + 0.5) × int(h·s + 0.5)}, OpenCV bilinear; the identity for 2048×1024 CityPersons
 * images), then {@link CspNormalization} with padding to a multiple of 128. No flip, one scale.
 * The release decodes boxes in the rescaled frame and clips them to its size (it does not divide
 * by the scale factor); {@link Prepared#scale()} is given for callers that map them back.
 *
 * @param longEdge target long edge (2048); 0 keeps the image size
 * @param shortEdge target short edge (1024)
 * @param normalization statistics and padding divisor
 */
public record CspTestTransform(int longEdge, int shortEdge, CspNormalization normalization) {

  /**
   * A prepared test image.
   *
   * @param pixels {@code 3 × paddedHeight × paddedWidth}
   * @param height image height after rescaling, before padding (the clipping range)
   * @param width image width after rescaling, before padding
   * @param paddedHeight padded height
   * @param paddedWidth padded width
   * @param scale the rescaling factor
   */
  public record Prepared(float[] pixels, int height, int width, int paddedHeight, int paddedWidth, double scale) {}

  /** The release's: fit 2048×1024, pad to /128. */
  public static CspTestTransform release() {
    return new CspTestTransform(2048, 1024, CspNormalization.release(128));
  }

  /** Scale 1 (the image as it is), padded to /128: the release's test on CityPersons-sized images. */
  public static CspTestTransform scaleOne() {
    return new CspTestTransform(0, 0, CspNormalization.release(128));
  }

  /** Prepares a B, G, R image. */
  public Prepared apply(U8Image bgr) {
    U8Image img = bgr;
    double scale = 1;
    if (longEdge > 0) {
      int h = bgr.height();
      int w = bgr.width();
      scale = Math.min((double) longEdge / Math.max(h, w), (double) shortEdge / Math.min(h, w));
      img = Cv2Resize.linear(bgr, (int) (w * scale + 0.5), (int) (h * scale + 0.5));
    }
    float[] px = normalization.apply(img);
    return new Prepared(px, img.height(), img.width(), normalization.padded(img.height()),
        normalization.padded(img.width()), scale);
  }
}
