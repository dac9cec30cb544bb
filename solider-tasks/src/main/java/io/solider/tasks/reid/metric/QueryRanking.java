package io.solider.tasks.reid.metric;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * One query's ranking under the re-id protocol ({@link ReidEvaluator}), in pieces that can be
 * computed over parts of the gallery: the query's true matches in ranking order, for each of them
 * how many kept wrong matches rank before it, and from those counts its average precision and the
 * rank of its first hit. {@link ReidEvaluator} runs the pieces over the whole gallery; a
 * distributed evaluation runs them per gallery block and adds the counts, with the same result.
 *
 * <p>Ranking order is smaller distance first, then lower gallery index (a stable sort's order).
 * Gallery items of the query's identity are true matches when their camera differs and removed
 * when it is the same; every other item is a wrong match.
 */
public final class QueryRanking {

  private QueryRanking() {}

  /**
   * A query's true matches in ranking order.
   *
   * @param distances their distances to the query
   * @param indices their gallery indices
   */
  public record Matches(double[] distances, int[] indices) implements Serializable {

    /** Number of true matches. */
    public int size() {
      return indices.length;
    }

    /** The true matches of several gallery blocks, in ranking order. */
    public static Matches merge(List<Matches> parts) {
      int n = parts.stream().mapToInt(Matches::size).sum();
      double[] d = new double[n];
      int[] idx = new int[n];
      int at = 0;
      for (Matches m : parts) {
        System.arraycopy(m.distances, 0, d, at, m.size());
        System.arraycopy(m.indices, 0, idx, at, m.size());
        at += m.size();
      }
      return sorted(d, idx);
    }
  }

  /**
   * A valid query's result.
   *
   * @param averagePrecision mean of the precision at each true match
   * @param firstHit 1-based rank of the first true match
   */
  public record Result(double averagePrecision, int firstHit) implements Serializable {}

  /**
   * The true matches among gallery items {@code offset … offset + row.length − 1}.
   *
   * @param row the query's distances to those items
   * @param galleryPids their identities (indexed like {@code row})
   * @param galleryCams their cameras (indexed like {@code row})
   */
  public static Matches trueMatches(double[] row, int offset, int pid, int camid, int[] galleryPids, int[] galleryCams) {
    int n = 0;
    for (int j = 0; j < row.length; j++) {
      if (galleryPids[j] == pid && galleryCams[j] != camid) {
        n++;
      }
    }
    double[] d = new double[n];
    int[] idx = new int[n];
    for (int j = 0, r = 0; j < row.length; j++) {
      if (galleryPids[j] == pid && galleryCams[j] != camid) {
        d[r] = row[j];
        idx[r++] = offset + j;
      }
    }
    return sorted(d, idx);
  }

  /**
   * Counts the wrong matches among gallery items {@code offset … offset + row.length − 1}:
   * {@code precedingAt[k]} grows by the number of them ranked after exactly k true matches.
   *
   * @param matches all of the query's true matches (not only this block's)
   * @param precedingAt {@code matches.size() + 1} counters, added to
   */
  public static void countPreceding(double[] row, int offset, int pid, int[] galleryPids, Matches matches,
      int[] precedingAt) {
    int relevant = matches.size();
    for (int j = 0; j < row.length; j++) {
      if (galleryPids[j] == pid) {
        continue; // a true match, or same identity and camera (removed)
      }
      int lo = 0;
      int hi = relevant;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (before(matches.distances[mid], matches.indices[mid], row[j], offset + j)) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      precedingAt[lo]++;
    }
  }

  /**
   * AP and first-hit rank of a query with {@code relevant ≥ 1} true matches, from the counts of
   * {@link #countPreceding} over the whole gallery.
   */
  public static Result result(int[] precedingAt, int relevant) {
    double precisionSum = 0;
    int firstHit = -1;
    int wrongBefore = 0;
    for (int k = 0; k < relevant; k++) {
      wrongBefore += precedingAt[k];
      int rank = k + 1 + wrongBefore;
      precisionSum += (double) (k + 1) / rank;
      if (firstHit < 0) {
        firstHit = rank;
      }
    }
    return new Result(precisionSum / relevant, firstHit);
  }

  /** Whole-gallery ranking of one query; null when it has no true match. */
  public static Result rank(double[] row, int pid, int camid, int[] galleryPids, int[] galleryCams) {
    Matches m = trueMatches(row, 0, pid, camid, galleryPids, galleryCams);
    if (m.size() == 0) {
      return null;
    }
    int[] precedingAt = new int[m.size() + 1];
    countPreceding(row, 0, pid, galleryPids, m, precedingAt);
    return result(precedingAt, m.size());
  }

  private static Matches sorted(double[] d, int[] idx) {
    Integer[] order = new Integer[d.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> before(d[a], idx[a], d[b], idx[b]) ? -1 : (a.equals(b) ? 0 : 1));
    double[] sd = new double[d.length];
    int[] si = new int[d.length];
    for (int i = 0; i < order.length; i++) {
      sd[i] = d[order[i]];
      si[i] = idx[order[i]];
    }
    return new Matches(sd, si);
  }

  private static boolean before(double da, int a, double db, int b) {
    int c = Double.compare(da, db);
    return c < 0 || (c == 0 && a < b);
  }
}
