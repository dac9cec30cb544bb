package io.solider.nn.backbone;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Builds the (B, 2) semantic-weight input, rows [λ, 1 − λ], from per-sample λ values. */
public final class SemanticWeights {

  private SemanticWeights() {}

  /** One row per sample. */
  public static INDArray of(double... lambdas) {
    float[] v = new float[2 * lambdas.length];
    for (int i = 0; i < lambdas.length; i++) {
      double l = lambdas[i];
      if (!Double.isFinite(l)) {
        throw new IllegalArgumentException("semantic weight " + i + " is not finite: " + l);
      }
      v[2 * i] = (float) l;
      v[2 * i + 1] = (float) (1 - l);
    }
    return Nd4j.create(v, new long[] {lambdas.length, 2}, 'c');
  }

  /** The same λ for {@code batch} samples. */
  public static INDArray constant(double lambda, int batch) {
    double[] l = new double[batch];
    java.util.Arrays.fill(l, lambda);
    return of(l);
  }
}
