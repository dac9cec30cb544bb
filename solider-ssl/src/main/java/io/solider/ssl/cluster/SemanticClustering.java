package io.solider.ssl.cluster;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pseudo part labels from last-stage feature maps, as the release's {@code utils.get_mask}:
 * per image, 2-means on the token L2 norms (the cluster with the larger centre is foreground);
 * the image is skipped unless foreground covers more than half of the tokens; then P-means on
 * the foreground token vectors, and the parts are renumbered 1..P by mean row, top to bottom
 * (head, torso, legs). Background is 0.
 *
 * <p>One deviation, where the release would crash: an image with fewer foreground tokens than
 * P (only possible on maps smaller than 2P tokens) is skipped too.
 */
public final class SemanticClustering {

  private static final Logger log = LoggerFactory.getLogger(SemanticClustering.class);

  /** Kept images (indices into the batch, ascending) and their label maps (kept, h, w), 0..P. */
  public record Masks(int[] kept, int[][][] labels, int height, int width) {

    public int keptCount() {
      return kept.length;
    }

    /** The label maps as a (kept, h, w) float array (empty arrays are not returned: check keptCount). */
    public INDArray toArray() {
      float[] v = new float[kept.length * height * width];
      int i = 0;
      for (int[][] map : labels) {
        for (int[] row : map) {
          for (int l : row) {
            v[i++] = l;
          }
        }
      }
      return org.nd4j.linalg.factory.Nd4j.create(v, new long[] {kept.length, height, width}, 'c');
    }
  }

  private final int parts;
  private final KMeans kmeans;

  /**
   * @param parts P, the number of body parts (3 in the release)
   */
  public SemanticClustering(int parts, KMeans kmeans) {
    if (parts < 1) {
      throw new IllegalArgumentException("need at least one part, got " + parts);
    }
    this.parts = parts;
    this.kmeans = kmeans;
  }

  /** P parts with scikit-learn's k-means settings. */
  public static SemanticClustering of(int parts) {
    return new SemanticClustering(parts, KMeans.sklearnDefaults());
  }

  public int parts() {
    return parts;
  }

  /**
   * Clusters each map of {@code features}.
   *
   * @param features (N, C, h, w) last-stage maps (the teacher's, with λ = 1)
   * @param rng seeds the k-means restarts
   */
  public Masks masks(INDArray features, SplittableRandom rng) {
    if (features.rank() != 4) {
      throw new IllegalArgumentException("features must be (N, C, h, w), got " + Arrays.toString(features.shape()));
    }
    int n = (int) features.size(0);
    int c = (int) features.size(1);
    int h = (int) features.size(2);
    int w = (int) features.size(3);
    // (N, h, w, C) in C order: token t = y·w + x of image i is row i·h·w + t.
    double[] all = features.permute(0, 2, 3, 1).dup('c').castTo(DataType.DOUBLE).data().asDouble();
    List<Integer> kept = new ArrayList<>();
    List<int[][]> maps = new ArrayList<>();
    int tokens = h * w;
    for (int i = 0; i < n; i++) {
      double[][] x = new double[tokens][c];
      double[][] norms = new double[tokens][1];
      for (int t = 0; t < tokens; t++) {
        double s = 0;
        for (int j = 0; j < c; j++) {
          double v = all[(i * tokens + t) * c + j];
          x[t][j] = v;
          s += v * v;
        }
        norms[t][0] = Math.sqrt(s);
      }
      int[][] map = labelMap(x, norms, h, w, rng);
      if (map != null) {
        kept.add(i);
        maps.add(map);
      } else {
        log.trace("image {} skipped: too little foreground", i);
      }
    }
    return new Masks(kept.stream().mapToInt(Integer::intValue).toArray(), maps.toArray(new int[0][][]), h, w);
  }

  private int[][] labelMap(double[][] x, double[][] norms, int h, int w, SplittableRandom rng) {
    int tokens = h * w;
    if (tokens < 2) {
      return null;
    }
    KMeans.Result fg = kmeans.fit(norms, 2, rng);
    int fgCluster = fg.centers()[1][0] > fg.centers()[0][0] ? 1 : 0;
    int[] idx = IntStream.range(0, tokens).filter(t -> fg.labels()[t] == fgCluster).toArray();
    if (idx.length <= 0.5 * tokens || idx.length < parts) {
      return null;
    }
    double[][] fx = new double[idx.length][];
    for (int i = 0; i < idx.length; i++) {
      fx[i] = x[idx[i]];
    }
    int[] partLabels = kmeans.fit(fx, parts, rng).labels();
    // Mean row of each cluster, then rank clusters top to bottom.
    double[] rowSum = new double[parts];
    int[] count = new int[parts];
    for (int i = 0; i < idx.length; i++) {
      rowSum[partLabels[i]] += idx[i] / w;
      count[partLabels[i]]++;
    }
    Integer[] order = new Integer[parts];
    for (int k = 0; k < parts; k++) {
      order[k] = k;
    }
    Arrays.sort(order, Comparator.comparingDouble(k -> count[k] == 0 ? Double.MAX_VALUE : rowSum[k] / count[k]));
    int[] rank = new int[parts];
    for (int r = 0; r < parts; r++) {
      rank[order[r]] = r + 1;
    }
    int[][] map = new int[h][w];
    for (int i = 0; i < idx.length; i++) {
      map[idx[i] / w][idx[i] % w] = rank[partLabels[i]];
    }
    return map;
  }
}
