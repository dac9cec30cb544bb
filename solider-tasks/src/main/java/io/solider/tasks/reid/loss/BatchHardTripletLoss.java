package io.solider.tasks.reid.loss;

/**
 * Soft-margin batch-hard triplet loss (Hermans et al. 2017) as TransReID's {@code TripletLoss()}
 * with no margin ({@code MODEL.NO_MARGIN True}): Euclidean distances
 * {@code sqrt(max(‖x_i‖² + ‖x_j‖² − 2 x_i·x_j, 1e-12))} on the un-normalised features; per anchor
 * the hardest positive (largest distance among the same identity, the anchor itself included) and
 * the hardest negative (smallest distance to another identity); loss =
 * mean softplus(d_ap − d_an) ({@code nn.SoftMarginLoss(d_an − d_ap, 1)}).
 */
public final class BatchHardTripletLoss {

  private static final double MIN_SQUARED = 1e-12;

  private BatchHardTripletLoss() {}

  /**
   * @param loss mean over anchors
   * @param gradFeatures (B, D) row-major d loss / d features
   * @param meanPositive mean hardest-positive distance
   * @param meanNegative mean hardest-negative distance
   */
  public record Result(double loss, float[] gradFeatures, double meanPositive, double meanNegative) {}

  /**
   * @param features (B, D) row-major
   * @param labels B identities; every anchor needs at least one other identity in the batch
   * @return the loss, NaN (with zero gradients) when a feature is not finite
   */
  public static Result compute(float[] features, int batch, int dim, int[] labels) {
    if (features.length != batch * dim || labels.length != batch) {
      throw new IllegalArgumentException("features " + features.length + " values for " + batch + "×" + dim
          + ", labels " + labels.length);
    }
    for (float v : features) {
      if (!Float.isFinite(v)) {
        return new Result(Double.NaN, new float[features.length], Double.NaN, Double.NaN);
      }
    }
    double[] sqNorm = new double[batch];
    for (int i = 0; i < batch; i++) {
      double s = 0;
      for (int k = 0; k < dim; k++) {
        double v = features[i * dim + k];
        s += v * v;
      }
      sqNorm[i] = s;
    }
    double[][] sq = new double[batch][batch];
    for (int i = 0; i < batch; i++) {
      for (int j = 0; j < batch; j++) {
        double dot = 0;
        for (int k = 0; k < dim; k++) {
          dot += (double) features[i * dim + k] * features[j * dim + k];
        }
        sq[i][j] = sqNorm[i] + sqNorm[j] - 2 * dot;
      }
    }
    double[] grad = new double[batch * dim];
    double loss = 0;
    double sumAp = 0;
    double sumAn = 0;
    for (int a = 0; a < batch; a++) {
      int p = -1;
      int n = -1;
      double dap = Double.NEGATIVE_INFINITY;
      double dan = Double.POSITIVE_INFINITY;
      for (int j = 0; j < batch; j++) {
        double d = Math.sqrt(Math.max(sq[a][j], MIN_SQUARED));
        if (labels[j] == labels[a]) {
          if (d > dap) {
            dap = d;
            p = j;
          }
        } else if (d < dan) {
          dan = d;
          n = j;
        }
      }
      if (n < 0) {
        throw new IllegalArgumentException("anchor " + a + " (identity " + labels[a]
            + ") has no negative in the batch: a triplet batch needs at least two identities");
      }
      double z = dap - dan;
      loss += softplus(z);
      sumAp += dap;
      sumAn += dan;
      double s = sigmoid(z) / batch; // d loss / d d_ap; d loss / d d_an = −s
      addDistanceGradient(features, dim, a, p, sq[a][p], s, grad);
      addDistanceGradient(features, dim, a, n, sq[a][n], -s, grad);
    }
    float[] g = new float[grad.length];
    for (int i = 0; i < g.length; i++) {
      g[i] = (float) grad[i];
    }
    return new Result(loss / batch, g, sumAp / batch, sumAn / batch);
  }

  /** Adds {@code scale · d dist(i, j) / d x} (zero where the clamp is active, as autograd gives). */
  private static void addDistanceGradient(float[] x, int dim, int i, int j, double squared, double scale,
      double[] grad) {
    if (i == j || squared < MIN_SQUARED) {
      return;
    }
    double c = scale / Math.sqrt(squared);
    for (int k = 0; k < dim; k++) {
      double diff = (double) x[i * dim + k] - x[j * dim + k];
      grad[i * dim + k] += c * diff;
      grad[j * dim + k] -= c * diff;
    }
  }

  static double softplus(double z) {
    return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
  }

  static double sigmoid(double z) {
    return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
  }
}
