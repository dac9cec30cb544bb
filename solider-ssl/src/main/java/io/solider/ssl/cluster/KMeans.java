package io.solider.ssl.cluster;

import java.util.SplittableRandom;

/**
 * Lloyd's k-means with k-means++ seeding and restarts, as scikit-learn's {@code KMeans}
 * (10 restarts, at most 300 iterations, tolerance 1e-4 relative to the mean feature variance),
 * seeded by the caller so a run is reproducible. The best restart (least inertia) wins.
 */
public final class KMeans {

  /** Labels per point and the centre of each cluster. */
  public record Result(int[] labels, double[][] centers, double inertia) {}

  private final int restarts;
  private final int maxIterations;
  private final double tolerance;

  public KMeans(int restarts, int maxIterations, double tolerance) {
    if (restarts < 1 || maxIterations < 1 || tolerance < 0) {
      throw new IllegalArgumentException("need restarts >= 1, maxIterations >= 1, tolerance >= 0");
    }
    this.restarts = restarts;
    this.maxIterations = maxIterations;
    this.tolerance = tolerance;
  }

  /** scikit-learn's defaults: 10 restarts, 300 iterations, tol 1e-4. */
  public static KMeans sklearnDefaults() {
    return new KMeans(10, 300, 1e-4);
  }

  /**
   * Clusters {@code x} (n points × d) into {@code k} clusters.
   *
   * @throws IllegalArgumentException if there are fewer points than clusters
   */
  public Result fit(double[][] x, int k, SplittableRandom rng) {
    int n = x.length;
    if (k < 1 || n < k) {
      throw new IllegalArgumentException("cannot make " + k + " clusters of " + n + " points");
    }
    double tol = tolerance * meanVariance(x);
    Result best = null;
    for (int r = 0; r < restarts; r++) {
      Result res = lloyd(x, seed(x, k, rng), tol);
      if (best == null || res.inertia < best.inertia) {
        best = res;
      }
    }
    return best;
  }

  private Result lloyd(double[][] x, double[][] centers, double tol) {
    int n = x.length;
    int k = centers.length;
    int d = x[0].length;
    int[] labels = new int[n];
    for (int it = 0; it < maxIterations; it++) {
      assign(x, centers, labels);
      double[][] next = new double[k][d];
      int[] count = new int[k];
      for (int i = 0; i < n; i++) {
        count[labels[i]]++;
        for (int j = 0; j < d; j++) {
          next[labels[i]][j] += x[i][j];
        }
      }
      for (int c = 0; c < k; c++) {
        if (count[c] == 0) {
          // Empty cluster: move it to the point farthest from its centre (as scikit-learn relocates).
          int far = farthest(x, centers, labels);
          next[c] = x[far].clone();
          labels[far] = c;
        } else {
          for (int j = 0; j < d; j++) {
            next[c][j] /= count[c];
          }
        }
      }
      double shift = 0;
      for (int c = 0; c < k; c++) {
        shift += sq(next[c], centers[c]);
      }
      centers = next;
      if (shift <= tol) {
        break;
      }
    }
    double inertia = assign(x, centers, labels);
    return new Result(labels, centers, inertia);
  }

  private static double assign(double[][] x, double[][] centers, int[] labels) {
    double inertia = 0;
    for (int i = 0; i < x.length; i++) {
      int arg = 0;
      double min = Double.POSITIVE_INFINITY;
      for (int c = 0; c < centers.length; c++) {
        double dd = sq(x[i], centers[c]);
        if (dd < min) {
          min = dd;
          arg = c;
        }
      }
      labels[i] = arg;
      inertia += min;
    }
    return inertia;
  }

  private static int farthest(double[][] x, double[][] centers, int[] labels) {
    int arg = 0;
    double max = -1;
    for (int i = 0; i < x.length; i++) {
      double dd = sq(x[i], centers[labels[i]]);
      if (dd > max) {
        max = dd;
        arg = i;
      }
    }
    return arg;
  }

  /** k-means++: first centre uniform, then each next one with probability ∝ squared distance. */
  private static double[][] seed(double[][] x, int k, SplittableRandom rng) {
    int n = x.length;
    double[][] centers = new double[k][];
    centers[0] = x[rng.nextInt(n)].clone();
    double[] dist = new double[n];
    for (int i = 0; i < n; i++) {
      dist[i] = sq(x[i], centers[0]);
    }
    for (int c = 1; c < k; c++) {
      double total = 0;
      for (double v : dist) {
        total += v;
      }
      int pick;
      if (total <= 0) {
        pick = rng.nextInt(n);
      } else {
        double u = rng.nextDouble() * total;
        pick = n - 1;
        for (int i = 0; i < n; i++) {
          u -= dist[i];
          if (u < 0) {
            pick = i;
            break;
          }
        }
      }
      centers[c] = x[pick].clone();
      for (int i = 0; i < n; i++) {
        dist[i] = Math.min(dist[i], sq(x[i], centers[c]));
      }
    }
    return centers;
  }

  private static double meanVariance(double[][] x) {
    int n = x.length;
    int d = x[0].length;
    double total = 0;
    for (int j = 0; j < d; j++) {
      double mean = 0;
      for (double[] row : x) {
        mean += row[j];
      }
      mean /= n;
      double var = 0;
      for (double[] row : x) {
        var += (row[j] - mean) * (row[j] - mean);
      }
      total += var / n;
    }
    return total / d;
  }

  private static double sq(double[] a, double[] b) {
    double s = 0;
    for (int j = 0; j < a.length; j++) {
      double t = a[j] - b[j];
      s += t * t;
    }
    return s;
  }
}
