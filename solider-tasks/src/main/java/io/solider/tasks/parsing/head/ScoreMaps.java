package io.solider.tasks.parsing.head;

/**
 * Per-pixel scores of a batch, (N, C, H, W) row-major: the logits a head outputs (parsing, fusion,
 * edge), their gradients, or fused test-time scores.
 *
 * @param batch N
 * @param channels C (classes)
 * @param height H
 * @param width W
 * @param data N·C·H·W values, index ((n·C + c)·H + y)·W + x
 */
public record ScoreMaps(int batch, int channels, int height, int width, float[] data) {

  public ScoreMaps {
    if (batch < 1 || channels < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException("score maps need positive sizes, got " + batch + "×" + channels + "×" + height
          + "×" + width);
    }
    if ((long) batch * channels * height * width != data.length) {
      throw new IllegalArgumentException("score maps " + batch + "×" + channels + "×" + height + "×" + width + " need "
          + (long) batch * channels * height * width + " values, got " + data.length);
    }
  }

  /** Zeros of the given shape. */
  public static ScoreMaps zeros(int batch, int channels, int height, int width) {
    return new ScoreMaps(batch, channels, height, width, new float[batch * channels * height * width]);
  }

  /** Zeros of this shape. */
  public ScoreMaps zerosLike() {
    return zeros(batch, channels, height, width);
  }

  /** Pixels per map (H·W). */
  public int plane() {
    return height * width;
  }

  /** Pixels in the batch (N·H·W). */
  public int pixels() {
    return batch * height * width;
  }

  /** Index of (n, c, y, x) in {@link #data}. */
  public int index(int n, int c, int y, int x) {
    return ((n * channels + c) * height + y) * width + x;
  }

  /** The value at (n, c, y, x). */
  public float at(int n, int c, int y, int x) {
    return data[index(n, c, y, x)];
  }

  /** True when {@code o} has the same N, C, H, W. */
  public boolean sameShape(ScoreMaps o) {
    return batch == o.batch && channels == o.channels && height == o.height && width == o.width;
  }

  /** "N×C×H×W". */
  public String shape() {
    return batch + "×" + channels + "×" + height + "×" + width;
  }
}
