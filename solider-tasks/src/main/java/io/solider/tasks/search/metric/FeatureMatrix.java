package io.solider.tasks.search.metric;

/**
 * A row-major float32 matrix of embeddings (one row per detection or query).
 *
 * @param data rows × dim values
 * @param rows number of rows
 * @param dim embedding dimension
 */
public record FeatureMatrix(float[] data, int rows, int dim) {

  public FeatureMatrix {
    if ((long) rows * dim != data.length) {
      throw new IllegalArgumentException(data.length + " values for " + rows + "×" + dim);
    }
  }

  /**
   * Similarity of row {@code row} with row {@code other} of {@code o}: the dot product, exact in
   * double and rounded once to float32. The release's {@code feat_g.dot(feat_q)} is a float32
   * BLAS product whose rounding depends on the BLAS and even on a row's position; both agree to
   * about one float32 ulp per term and exactly on values whose sums are exact (e.g. multiples of ¼).
   */
  float dot(int row, FeatureMatrix o, int other) {
    double s = 0;
    int a = row * dim;
    int b = other * o.dim;
    for (int k = 0; k < dim; k++) {
      s += (double) data[a + k] * o.data[b + k];
    }
    return (float) s;
  }
}
