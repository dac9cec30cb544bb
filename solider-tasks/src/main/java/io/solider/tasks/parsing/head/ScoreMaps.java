package io.solider.tasks.parsing.head;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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

  /** The values of an (N, C, H, W) array, copied as float32. */
  public static ScoreMaps of(INDArray a) {
    if (a.rank() != 4) {
      throw new IllegalArgumentException("score maps are (N, C, H, W), got rank " + a.rank());
    }
    float[] d = a.dataType() == DataType.FLOAT ? a.dup('c').data().asFloat()
        : a.castTo(DataType.FLOAT).dup('c').data().asFloat();
    return new ScoreMaps((int) a.size(0), (int) a.size(1), (int) a.size(2), (int) a.size(3), d);
  }

  /** A new (N, C, H, W) float32 array of these values. */
  public INDArray toArray() {
    return Nd4j.create(data, new long[] {batch, channels, height, width}, 'c');
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
