package io.solider.nn.extract;

/**
 * Pooled features of a list of images at one or more semantic weights, in memory.
 *
 * @param semanticWeights the λ values, in the order given
 * @param rows for each feature row, the index of its image in the input list (images that did not
 *     decode are missing)
 * @param features {@code features[l][i]}: the pooled feature (length D) of image {@code rows[i]}
 *     at λ {@code semanticWeights[l]}
 * @param skipped images that could not be decoded
 * @param seconds wall time of the extraction loop
 */
public record PooledFeatures(double[] semanticWeights, int[] rows, float[][][] features, int skipped, double seconds) {

  /** Number of images with features. */
  public int size() {
    return rows.length;
  }

  /** Feature dimension D. */
  public int dimension() {
    return size() == 0 ? 0 : features[0][0].length;
  }

  /** The {@code (N, D)} rows at the {@code l}-th λ. */
  public float[][] at(int l) {
    return features[l];
  }

  /** Images per second over the whole sweep (each image counted once). */
  public double imagesPerSecond() {
    return seconds > 0 ? rows.length / seconds : 0;
  }
}
