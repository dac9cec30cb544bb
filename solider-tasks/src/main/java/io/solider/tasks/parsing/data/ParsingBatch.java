package io.solider.tasks.parsing.data;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Training samples stacked for one step: images (N, 3, H, W) and labels (N, H, W), row-major. Its
 * arrays live on the Java heap, so {@link #close} has nothing to free (the training loop closes
 * every batch after its step).
 *
 * @param size N
 * @param height H
 * @param width W
 * @param images N·3·H·W normalised RGB values
 * @param labels N·H·W class ids (255 ignored)
 */
public record ParsingBatch(int size, int height, int width, float[] images, int[] labels) implements AutoCloseable {

  public ParsingBatch {
    if ((long) size * 3 * height * width != images.length || (long) size * height * width != labels.length) {
      throw new IllegalArgumentException("batch of " + size + " at " + height + "×" + width + " does not match "
          + images.length + " image values and " + labels.length + " labels");
    }
  }

  /** Stacks samples of one crop size. */
  public static ParsingBatch of(List<LipTrainTransform.Sample> samples, int height, int width) {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("empty batch");
    }
    int n = samples.size();
    int plane = height * width;
    float[] images = new float[n * 3 * plane];
    int[] labels = new int[n * plane];
    for (int i = 0; i < n; i++) {
      LipTrainTransform.Sample s = samples.get(i);
      if (s.input().length != 3 * plane || s.labels().length != plane) {
        throw new IllegalArgumentException("sample " + i + " is not a " + height + "×" + width + " crop");
      }
      System.arraycopy(s.input(), 0, images, i * 3 * plane, 3 * plane);
      System.arraycopy(s.labels(), 0, labels, i * plane, plane);
    }
    return new ParsingBatch(n, height, width, images, labels);
  }

  /** The images as an (N, 3, H, W) float array (caller closes it). */
  public INDArray imageArray() {
    return Nd4j.create(images, new long[] {size, 3, height, width}, 'c');
  }

  @Override
  public void close() {}
}
