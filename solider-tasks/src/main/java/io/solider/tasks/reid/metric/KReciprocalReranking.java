package io.solider.tasks.reid.metric;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * k-reciprocal re-ranking (Zhong et al., CVPR 2017), a port of the release's
 * {@code re_ranking(probFea, galFea, k1, k2, lambda_value)} (TransReID / SOLIDER-REID
 * {@code utils/reranking.py}):
 *
 * <ol>
 *   <li>original distance: squared Euclidean over all query+gallery features, each row divided by
 *       its maximum;
 *   <li>for every item, its k-reciprocal neighbours among the first k1+1, expanded by each
 *       neighbour's own round(k1/2)+1 reciprocal set when more than 2/3 of that set is already in;
 *   <li>V: Gaussian-kernel weights exp(−d) over the expanded set, normalised to sum 1;
 *   <li>local query expansion: each V row replaced by the mean of the V rows of its first k2
 *       neighbours (when k2 ≠ 1);
 *   <li>Jaccard distance 1 − Σmin/(2 − Σmin), and the result (1−λ)·Jaccard + λ·original.
 * </ol>
 *
 * <p>Differences from the release, for memory and precision only: V is sparse (the non-zero
 * entries of each row) and float32 where the release stores a dense float16 matrix; only the first
 * max(k1+1, k2) neighbours of each item are kept instead of the full argsort; the original
 * distances of the expanded sets are recomputed from the features. Memory is O((N+M)·k) plus the
 * query × gallery result, so Market-sized sets fit in a few GB.
 */
public final class KReciprocalReranking {

  /** Re-ranking parameters: the paper's and the release's are k1 20, k2 6, λ 0.3. */
  public record Options(int k1, int k2, double lambda) {
    public Options {
      if (k1 < 1 || k2 < 1) {
        throw new IllegalArgumentException("k1 and k2 must be >= 1, got k1 " + k1 + ", k2 " + k2);
      }
      if (!(lambda >= 0 && lambda <= 1)) {
        throw new IllegalArgumentException("lambda must be in [0,1], got " + lambda);
      }
    }

    /** k1 20, k2 6, λ 0.3. */
    public static Options defaults() {
      return new Options(20, 6, 0.3);
    }
  }

  private KReciprocalReranking() {}

  /**
   * Re-ranked query × gallery distances of L2-normalised features (see
   * {@link ReidDistances#normalise}).
   */
  public static double[][] rerank(INDArray query, INDArray gallery, Options o) {
    int nq = (int) query.rows();
    int ng = (int) gallery.rows();
    int n = nq + ng;
    INDArray all = Nd4j.vstack(query.castTo(DataType.FLOAT), gallery.castTo(DataType.FLOAT));
    int d = (int) all.columns();
    float[][] f = new float[n][];
    float[] flat = all.dup('c').data().asFloat();
    for (int i = 0; i < n; i++) {
      f[i] = Arrays.copyOfRange(flat, i * d, (i + 1) * d);
    }
    flat = null;
    float[] sq = new float[n];
    for (int i = 0; i < n; i++) {
      float s = 0;
      for (float v : f[i]) {
        s += v * v;
      }
      sq[i] = s;
    }
    int kTop = Math.min(n, Math.max(o.k1() + 1, o.k2()));
    int[][] top = new int[n][];
    float[] rowMax = new float[n];
    float[][] qOriginal = new float[nq][];
    ReidDistances.forEachBlock(all, all, (i, row) -> {
      float max = Float.NEGATIVE_INFINITY;
      for (float v : row) {
        max = Math.max(max, v);
      }
      rowMax[i] = max;
      for (int j = 0; j < row.length; j++) {
        row[j] /= max;
      }
      top[i] = smallest(row, kTop);
      if (i < nq) {
        qOriginal[i] = Arrays.copyOfRange(row, nq, n);
      }
    });

    int k1 = Math.min(o.k1() + 1, kTop);
    int half = Math.min((int) Math.rint(o.k1() / 2.0) + 1, kTop);
    int[][] vIdx0 = new int[n][];
    float[][] vVal0 = new float[n][];
    IntStream.range(0, n).parallel().forEach(i -> {
      int[] kr = reciprocal(top, i, k1);
      int[] expansion = kr;
      for (int c : kr) {
        int[] ckr = reciprocal(top, c, half);
        int inter = 0;
        for (int x : ckr) {
          if (contains(kr, x)) {
            inter++;
          }
        }
        if (inter > 2.0 / 3.0 * ckr.length) {
          int[] e = Arrays.copyOf(expansion, expansion.length + ckr.length);
          System.arraycopy(ckr, 0, e, expansion.length, ckr.length);
          expansion = e;
        }
      }
      int[] idx = Arrays.stream(expansion).sorted().distinct().toArray();
      double[] w = new double[idx.length];
      double sum = 0;
      for (int t = 0; t < idx.length; t++) {
        int j = idx[t];
        double dist = distance(f, sq, i, j) / rowMax[i];
        w[t] = Math.exp(-(float) dist);
        sum += w[t];
      }
      float[] val = new float[idx.length];
      for (int t = 0; t < idx.length; t++) {
        val[t] = (float) (w[t] / sum);
      }
      vIdx0[i] = idx;
      vVal0[i] = val;
    });

    int[][] vIdx = vIdx0;
    float[][] vVal = vVal0;
    if (o.k2() != 1) {
      int k2 = Math.min(o.k2(), kTop);
      int[][] qeIdx = new int[n][];
      float[][] qeVal = new float[n][];
      ThreadLocal<float[]> acc = ThreadLocal.withInitial(() -> new float[n]);
      ThreadLocal<boolean[]> seen = ThreadLocal.withInitial(() -> new boolean[n]);
      IntStream.range(0, n).parallel().forEach(i -> {
        float[] a = acc.get();
        boolean[] s = seen.get();
        int count = 0;
        int[] touched = new int[16];
        for (int t = 0; t < k2; t++) {
          int r = top[i][t];
          for (int e = 0; e < vIdx0[r].length; e++) {
            int j = vIdx0[r][e];
            if (!s[j]) {
              s[j] = true;
              if (count == touched.length) {
                touched = Arrays.copyOf(touched, 2 * count);
              }
              touched[count++] = j;
            }
            a[j] += vVal0[r][e];
          }
        }
        int[] idx = Arrays.copyOf(touched, count);
        Arrays.sort(idx);
        float[] val = new float[count];
        int kept = 0;
        for (int t = 0; t < count; t++) {
          int j = idx[t];
          float v = a[j] / k2;
          a[j] = 0;
          s[j] = false;
          if (v != 0) {
            idx[kept] = j;
            val[kept++] = v;
          }
        }
        qeIdx[i] = Arrays.copyOf(idx, kept);
        qeVal[i] = Arrays.copyOf(val, kept);
      });
      vIdx = qeIdx;
      vVal = qeVal;
    }

    // Inverted index: for each column, the rows with a non-zero entry and their values.
    int[] colCount = new int[n];
    for (int[] row : vIdx) {
      for (int j : row) {
        colCount[j]++;
      }
    }
    int[][] invRow = new int[n][];
    float[][] invVal = new float[n][];
    for (int j = 0; j < n; j++) {
      invRow[j] = new int[colCount[j]];
      invVal[j] = new float[colCount[j]];
    }
    int[] fill = new int[n];
    for (int r = 0; r < n; r++) {
      for (int e = 0; e < vIdx[r].length; e++) {
        int j = vIdx[r][e];
        invRow[j][fill[j]] = r;
        invVal[j][fill[j]++] = vVal[r][e];
      }
    }

    double lambda = o.lambda();
    double[][] out = new double[nq][];
    int[][] qIdx = vIdx;
    float[][] qVal = vVal;
    ThreadLocal<float[]> mins = ThreadLocal.withInitial(() -> new float[n]);
    IntStream.range(0, nq).parallel().forEach(i -> {
      float[] tmp = mins.get();
      Arrays.fill(tmp, 0f);
      for (int e = 0; e < qIdx[i].length; e++) {
        int c = qIdx[i][e];
        float vic = qVal[i][e];
        int[] rows = invRow[c];
        float[] vals = invVal[c];
        for (int t = 0; t < rows.length; t++) {
          tmp[rows[t]] += Math.min(vic, vals[t]);
        }
      }
      double[] row = new double[ng];
      for (int j = 0; j < ng; j++) {
        float t = tmp[nq + j];
        float jaccard = 1f - t / (2f - t);
        row[j] = jaccard * (1 - lambda) + qOriginal[i][j] * lambda;
      }
      qOriginal[i] = null;
      out[i] = row;
    });
    return out;
  }

  /** Squared Euclidean distance of rows i and j (as the matrix product: ‖a‖² + ‖b‖² − 2a·b). */
  private static double distance(float[][] f, float[] sq, int i, int j) {
    float[] a = f[i];
    float[] b = f[j];
    double dot = 0;
    for (int k = 0; k < a.length; k++) {
      dot += (double) a[k] * b[k];
    }
    return (double) sq[i] + sq[j] - 2 * dot;
  }

  /** The members of {@code i}'s first {@code k} neighbours that have {@code i} among their first {@code k}. */
  private static int[] reciprocal(int[][] top, int i, int k) {
    int[] out = new int[k];
    int count = 0;
    for (int t = 0; t < k; t++) {
      int c = top[i][t];
      for (int u = 0; u < k; u++) {
        if (top[c][u] == i) {
          out[count++] = c;
          break;
        }
      }
    }
    return Arrays.copyOf(out, count);
  }

  private static boolean contains(int[] a, int x) {
    for (int v : a) {
      if (v == x) {
        return true;
      }
    }
    return false;
  }

  /** Indices of the {@code k} smallest values in ascending order (ties: lower index first). */
  static int[] smallest(float[] row, int k) {
    int[] idx = new int[k];
    float[] val = new float[k];
    int size = 0;
    for (int j = 0; j < row.length; j++) {
      float v = row[j];
      if (size == k && !(v < val[k - 1])) {
        continue;
      }
      int p = size == k ? k - 1 : size++;
      while (p > 0 && v < val[p - 1]) {
        val[p] = val[p - 1];
        idx[p] = idx[p - 1];
        p--;
      }
      val[p] = v;
      idx[p] = j;
    }
    return idx;
  }
}
