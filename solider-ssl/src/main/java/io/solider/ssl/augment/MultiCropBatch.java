package io.solider.ssl.augment;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One batch of multi-crop views, normalised NCHW float arrays.
 *
 * @param global1 (B, 3, H, W) first global crops
 * @param global2 (B, 3, H, W) second global crops
 * @param locals (N·B, 3, h, w) local crops, crop-major (rows [c·B, (c+1)·B) are local crop c), or
 *     null without local crops
 * @param indices dataset index of each image (B)
 */
public record MultiCropBatch(INDArray global1, INDArray global2, INDArray locals, int[] indices)
    implements AutoCloseable {

  public int size() {
    return (int) global1.size(0);
  }

  /** Frees the native memory of the arrays. */
  @Override
  public void close() {
    global1.close();
    global2.close();
    if (locals != null) {
      locals.close();
    }
  }
}
