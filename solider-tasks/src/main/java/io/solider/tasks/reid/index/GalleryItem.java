package io.solider.tasks.reid.index;

/**
 * One gallery entry.
 *
 * @param feature the embedding (normalised by the writer)
 * @param pid identity (−1 when unknown)
 * @param camid camera, 0-based (−1 when unknown)
 * @param file the image, as the caller wants it shown (e.g. relative to the gallery folder)
 */
public record GalleryItem(float[] feature, int pid, int camid, String file) {

  public GalleryItem {
    if (feature == null || feature.length == 0) {
      throw new IllegalArgumentException("gallery item " + file + " has no feature");
    }
    if (file == null) {
      throw new IllegalArgumentException("gallery item needs a file name");
    }
  }
}
