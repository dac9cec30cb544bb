package io.solider.tasks.pose.metric;

import io.solider.tasks.common.DatasetFormatException;
import io.solider.tasks.common.NumpySum;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * COCO keypoint evaluation exactly as pycocotools' {@code COCOeval(gt, dt, 'keypoints')} runs
 * {@code evaluate()}, {@code accumulate()} and {@code summarize()}.
 *
 * <ol>
 *   <li>Per image and category: detections sorted by score (stable, file order on ties), the best
 *       20 kept; OKS ({@link Oks}) against every GT person.
 *   <li>Per image, category and area range (all [0, 1e10], medium [32², 96²], large [96², 1e10],
 *       bounds inclusive): a GT person is ignored if crowd, without keypoints
 *       ({@code num_keypoints} = 0) or outside the range; non-ignored people sort first. At each OKS
 *       threshold 0.50:0.05:0.95 every detection, best first, takes the GT person of highest OKS ≥
 *       the threshold that is unmatched (crowd regions always match again), preferring a
 *       non-ignored one (once it holds one it stops at the first ignored person), the later person
 *       winning equal OKS. A detection matched to an ignored person is ignored, and so is an
 *       unmatched detection whose area is outside the range. A match is recorded as the GT
 *       annotation id, so a detection matched to annotation id 0 counts as unmatched (COCOeval's
 *       quirk, kept).
 *   <li>Per category and area range, over all images: detections sorted by score (stable),
 *       precision/recall from cumulative true and false positives (ignored ones dropped); recall is
 *       the last value; precision is made non-increasing from the right and read at the 101 recall
 *       thresholds 0:0.01:1 (first index with recall ≥ threshold; 0 past the end). A setting with
 *       no non-ignored GT person keeps −1.
 *   <li>Each summary number is the mean of the entries &gt; −1 over thresholds (all or 0.5 or 0.75),
 *       recall thresholds and categories; −1 if there are none.
 * </ol>
 * Sums and means follow NumPy's summation order ({@link NumpySum}); thresholds are NumPy's
 * {@code linspace} values.
 */
public final class CocoKeypointEvaluator {

  private static final Logger log = LoggerFactory.getLogger(CocoKeypointEvaluator.class);

  /** Detections per image that count. */
  public static final int MAX_DETECTIONS = 20;

  private static final double[] IOU_THRESHOLDS = linspace(0.5, 0.95, 10);
  private static final double[] RECALL_THRESHOLDS = linspace(0.0, 1.0, 101);
  /** all, medium, large. */
  private static final double[][] AREA_RANGES = {{0, 1e10}, {32 * 32, 96 * 96}, {96 * 96, 1e10}};
  private static final double EPS = Math.ulp(1.0);

  private final double[] variances = Oks.variances(Oks.cocoevalSigmas());

  /** Per image, category and area range: COCOeval's {@code evaluateImg} result. */
  private record ImageResult(double[] scores, long[][] matches, boolean[][] ignoredDetections, boolean[] ignoredPeople) {}

  /**
   * Evaluates a COCO results file against a COCO person-keypoints ground-truth file (see
   * {@link KeypointGroundTruth#read} and {@link KeypointResults#read} for what they must hold).
   */
  public KeypointEvaluation evaluate(Path groundTruth, Path results) throws DatasetFormatException {
    KeypointGroundTruth gt = KeypointGroundTruth.read(groundTruth);
    KeypointResults res = KeypointResults.read(results, gt);
    log.info("{}: {} images, {} categories, {} people; {}: {} results", groundTruth, gt.imageIds().length,
        gt.categoryIds().length, gt.size(), results, res.size());
    return evaluate(gt, res);
  }

  /** Evaluates {@code results} against {@code gt}. */
  public KeypointEvaluation evaluate(KeypointGroundTruth gt, KeypointResults results) {
    long[] images = gt.imageIds();
    long[] categories = gt.categoryIds();
    int t = IOU_THRESHOLDS.length;
    int r = RECALL_THRESHOLDS.length;
    int k = categories.length;
    int a = AREA_RANGES.length;
    double[][][][] precision = new double[t][r][k][a];
    double[][][] recall = new double[t][k][a];
    for (double[][][] p : precision) {
      for (double[][] q : p) {
        for (double[] s : q) {
          Arrays.fill(s, -1);
        }
      }
    }
    for (double[][] p : recall) {
      for (double[] s : p) {
        Arrays.fill(s, -1);
      }
    }
    for (int ki = 0; ki < k; ki++) {
      double[][][] oks = new double[images.length][][];
      for (int i = 0; i < images.length; i++) {
        oks[i] = oks(gt.people(images[i], categories[ki]), results.detections(images[i], categories[ki]));
      }
      for (int ai = 0; ai < a; ai++) {
        List<ImageResult> e = new ArrayList<>();
        for (int i = 0; i < images.length; i++) {
          ImageResult res = evaluateImage(gt.people(images[i], categories[ki]),
              results.detections(images[i], categories[ki]), oks[i], AREA_RANGES[ai]);
          if (res != null) {
            e.add(res);
          }
        }
        accumulate(e, precision, recall, ki, ai);
      }
    }
    return new KeypointEvaluation(summarize(precision, recall));
  }

  /** {@code computeOks}: OKS of the (score-sorted, cut) detections × people, or null if either is empty. */
  private double[][] oks(List<KeypointGroundTruth.Person> people, List<KeypointResults.Detection> detections) {
    List<KeypointResults.Detection> dts = bestFirst(detections);
    if (people.isEmpty() || dts.isEmpty()) {
      return null;
    }
    double[][] o = new double[dts.size()][people.size()];
    for (int j = 0; j < people.size(); j++) {
      for (int i = 0; i < dts.size(); i++) {
        o[i][j] = Oks.of(variances, people.get(j), dts.get(i).keypoints());
      }
    }
    return o;
  }

  /** Detections sorted by score, highest first, stable, cut to {@link #MAX_DETECTIONS}. */
  private static List<KeypointResults.Detection> bestFirst(List<KeypointResults.Detection> detections) {
    List<KeypointResults.Detection> d = new ArrayList<>(detections);
    d.sort(byScoreDescending(KeypointResults.Detection::score));
    return d.size() > MAX_DETECTIONS ? d.subList(0, MAX_DETECTIONS) : d;
  }

  /** {@code argsort(-score, kind='mergesort')}: numeric order, −0.0 equal to 0.0, ties kept in order. */
  private static <T> Comparator<T> byScoreDescending(java.util.function.ToDoubleFunction<T> score) {
    return (x, y) -> {
      double a = -score.applyAsDouble(x);
      double b = -score.applyAsDouble(y);
      return a < b ? -1 : a > b ? 1 : 0;
    };
  }

  /** {@code evaluateImg} for one image, category and area range; null when it has neither people nor detections. */
  private static ImageResult evaluateImage(List<KeypointGroundTruth.Person> people,
      List<KeypointResults.Detection> detections, double[][] oks, double[] range) {
    if (people.isEmpty() && detections.isEmpty()) {
      return null;
    }
    int g = people.size();
    boolean[] ignoredRaw = new boolean[g];
    for (int j = 0; j < g; j++) {
      KeypointGroundTruth.Person p = people.get(j);
      ignoredRaw[j] = p.ignore() || p.area() < range[0] || p.area() > range[1];
    }
    // Non-ignored people first (stable).
    int[] order = new int[g];
    int n = 0;
    for (int pass = 0; pass < 2; pass++) {
      for (int j = 0; j < g; j++) {
        if (ignoredRaw[j] == (pass == 1)) {
          order[n++] = j;
        }
      }
    }
    boolean[] ignored = new boolean[g];
    boolean[] crowd = new boolean[g];
    for (int j = 0; j < g; j++) {
      ignored[j] = ignoredRaw[order[j]];
      crowd[j] = people.get(order[j]).crowd();
    }
    List<KeypointResults.Detection> dts = bestFirst(detections);
    int d = dts.size();
    int t = IOU_THRESHOLDS.length;
    long[][] matches = new long[t][d];
    boolean[][] ignoredDt = new boolean[t][d];
    if (oks != null) {
      for (int ti = 0; ti < t; ti++) {
        boolean[] taken = new boolean[g];
        for (int di = 0; di < d; di++) {
          double best = Math.min(IOU_THRESHOLDS[ti], 1 - 1e-10);
          int m = -1;
          for (int j = 0; j < g; j++) {
            if (taken[j] && !crowd[j]) {
              continue;
            }
            if (m > -1 && !ignored[m] && ignored[j]) {
              break;
            }
            double o = oks[di][order[j]];
            if (o < best) {
              continue;
            }
            best = o;
            m = j;
          }
          if (m == -1) {
            continue;
          }
          ignoredDt[ti][di] = ignored[m];
          matches[ti][di] = people.get(order[m]).id();
          taken[m] = true;
        }
      }
    }
    double[] scores = new double[d];
    for (int di = 0; di < d; di++) {
      KeypointResults.Detection det = dts.get(di);
      scores[di] = det.score();
      boolean outside = det.area() < range[0] || det.area() > range[1];
      for (int ti = 0; ti < t; ti++) {
        ignoredDt[ti][di] |= matches[ti][di] == 0 && outside;
      }
    }
    return new ImageResult(scores, matches, ignoredDt, ignored);
  }

  /** {@code accumulate} for one category and area range. */
  private static void accumulate(List<ImageResult> e, double[][][][] precision, double[][][] recall, int k, int a) {
    if (e.isEmpty()) {
      return;
    }
    int nd = 0;
    int npig = 0;
    for (ImageResult x : e) {
      nd += x.scores().length;
      for (boolean ig : x.ignoredPeople()) {
        npig += ig ? 0 : 1;
      }
    }
    if (npig == 0) {
      return;
    }
    int[] img = new int[nd];
    int[] pos = new int[nd];
    double[] scores = new double[nd];
    Integer[] order = new Integer[nd];
    int n = 0;
    for (int i = 0; i < e.size(); i++) {
      for (int j = 0; j < e.get(i).scores().length; j++) {
        img[n] = i;
        pos[n] = j;
        scores[n] = e.get(i).scores()[j];
        order[n] = n;
        n++;
      }
    }
    Arrays.sort(order, byScoreDescending(i -> scores[i]));
    for (int ti = 0; ti < IOU_THRESHOLDS.length; ti++) {
      double[] rc = new double[nd];
      double[] pr = new double[nd];
      double tp = 0;
      double fp = 0;
      for (int i = 0; i < nd; i++) {
        ImageResult x = e.get(img[order[i]]);
        int p = pos[order[i]];
        if (!x.ignoredDetections()[ti][p]) {
          if (x.matches()[ti][p] != 0) {
            tp++;
          } else {
            fp++;
          }
        }
        rc[i] = tp / npig;
        pr[i] = tp / (fp + tp + EPS);
      }
      recall[ti][k][a] = nd > 0 ? rc[nd - 1] : 0;
      for (int i = nd - 1; i > 0; i--) {
        if (pr[i] > pr[i - 1]) {
          pr[i - 1] = pr[i];
        }
      }
      for (int ri = 0; ri < RECALL_THRESHOLDS.length; ri++) {
        int at = searchLeft(rc, RECALL_THRESHOLDS[ri]);
        // COCOeval stops at the first recall threshold past the end; the rest stay 0.
        precision[ti][ri][k][a] = at < nd ? pr[at] : 0;
        if (at >= nd) {
          for (int rj = ri + 1; rj < RECALL_THRESHOLDS.length; rj++) {
            precision[ti][rj][k][a] = 0;
          }
          break;
        }
      }
    }
  }

  /** {@code np.searchsorted(a, v, side='left')} on a non-decreasing array. */
  private static int searchLeft(double[] a, double v) {
    int lo = 0;
    int hi = a.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] < v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** {@code summarize} with COCOeval's keypoint settings. */
  private static double[] summarize(double[][][][] precision, double[][][] recall) {
    return new double[] {
      precisionMean(precision, Double.NaN, 0),
      precisionMean(precision, 0.5, 0),
      precisionMean(precision, 0.75, 0),
      precisionMean(precision, Double.NaN, 1),
      precisionMean(precision, Double.NaN, 2),
      recallMean(recall, Double.NaN, 0),
      recallMean(recall, 0.5, 0),
      recallMean(recall, 0.75, 0),
      recallMean(recall, Double.NaN, 1),
      recallMean(recall, Double.NaN, 2),
    };
  }

  /** Threshold indices selected by {@code iouThr} (NaN: all), as {@code np.where(iouThr == iouThrs)}. */
  private static int[] thresholds(double iouThr) {
    if (Double.isNaN(iouThr)) {
      return java.util.stream.IntStream.range(0, IOU_THRESHOLDS.length).toArray();
    }
    return java.util.stream.IntStream.range(0, IOU_THRESHOLDS.length)
        .filter(i -> IOU_THRESHOLDS[i] == iouThr).toArray();
  }

  private static double precisionMean(double[][][][] p, double iouThr, int area) {
    double[] values = new double[p.length * p[0].length * p[0][0].length];
    int n = 0;
    for (int t : thresholds(iouThr)) {
      for (double[][] byRecall : p[t]) {
        for (double[] byCategory : byRecall) {
          if (byCategory[area] > -1) {
            values[n++] = byCategory[area];
          }
        }
      }
    }
    return n == 0 ? -1 : NumpySum.mean(values, n);
  }

  private static double recallMean(double[][][] r, double iouThr, int area) {
    double[] values = new double[r.length * r[0].length];
    int n = 0;
    for (int t : thresholds(iouThr)) {
      for (double[] byCategory : r[t]) {
        if (byCategory[area] > -1) {
          values[n++] = byCategory[area];
        }
      }
    }
    return n == 0 ? -1 : NumpySum.mean(values, n);
  }

  /** {@code np.linspace(start, stop, num)}: {@code i·((stop − start)/(num − 1)) + start}, the last value {@code stop}. */
  static double[] linspace(double start, double stop, int num) {
    double step = (stop - start) / (num - 1);
    double[] y = new double[num];
    for (int i = 0; i < num; i++) {
      y[i] = i * step + start;
    }
    y[num - 1] = stop;
    return y;
  }

  /** The OKS thresholds 0.50:0.05:0.95 (NumPy's linspace values). */
  public static double[] iouThresholds() {
    return IOU_THRESHOLDS.clone();
  }

  /** The 101 recall thresholds 0:0.01:1 (NumPy's linspace values). */
  public static double[] recallThresholds() {
    return RECALL_THRESHOLDS.clone();
  }
}
