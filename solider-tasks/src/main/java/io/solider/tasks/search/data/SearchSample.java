package io.solider.tasks.search.data;

/**
 * A scene as a float32 C×H×W image with its people.
 *
 * @param pixels 3 × height × width, row-major planes
 * @param height image height
 * @param width image width
 * @param boxes x1, y1, x2, y2 per person (float32)
 * @param pids person id per box (0 background never occurs; unlabelled as the data set marks them)
 */
public record SearchSample(float[] pixels, int height, int width, float[] boxes, int[] pids) {

  public SearchSample {
    if (pixels.length != 3 * height * width) {
      throw new IllegalArgumentException(pixels.length + " values for 3×" + height + "×" + width);
    }
    if (boxes.length != 4 * pids.length) {
      throw new IllegalArgumentException(boxes.length + " box values for " + pids.length + " pids");
    }
  }
}
