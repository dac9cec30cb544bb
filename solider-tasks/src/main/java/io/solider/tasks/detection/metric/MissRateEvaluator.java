package io.solider.tasks.detection.metric;

import io.solider.tasks.common.NumpySum;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The log-average miss rate of the release's CityPersons evaluation ({@code
 * tools/cityPerson/eval_MR_multisetup.py} driven by {@code eval_demo.validate}), step for step:
 *
 * <ol>
 *   <li>Per setup, people outside its height/visibility ranges become ignore regions; only
 *       category 1 is evaluated; annotations are looked up by id, so with repeated ids the last one
 *       stands in for all of them.
 *   <li>Per image: detections sorted by score (stable), the best 1000 kept, then only those with
 *       box height in [min/1.25, max·1.25) evaluated. Each detection in turn takes the unmatched
 *       person of highest IoU ≥ 0.5 (ties: the later one), people before ignore regions; once it
 *       has a person it stops at the first ignore region; otherwise it takes the first ignore
 *       region with IoU ≥ 0.5, where an ignore region's IoU is intersection ÷ detection area.
 *       Ignore regions are never used up.
 *   <li>Detections of all images sorted by score (stable, image order on ties); those on ignore
 *       regions dropped; miss rate read at FPPI 0.0100, 0.0178, … 1.0000 (the last point with
 *       FPPI ≤ the reference; before the first point the <em>last</em> recall, by Python's index −1;
 *       no detections at all gives recall 0), images counted as the distinct ids of {@code images}.
 *   <li>MR = exp(mean log miss rate) with numpy's summation order; −1 when the setup has no
 *       non-ignored person (or nothing to evaluate).
 * </ol>
 */
public final class MissRateEvaluator {

  /** The release's FPPI reference points (rounded to four digits as it writes them). */
  static final double[] FPPI = {0.0100, 0.0178, 0.0316, 0.0562, 0.1000, 0.1778, 0.3162, 0.5623, 1.0000};

  static final int MAX_DETECTIONS = 1000;
  static final double IOU = 0.5;
  private static final double CATEGORY = 1;

  private final List<MissRateSetup> setups;

  /** An evaluator for the given setups (e.g. {@link MissRateSetup#cityPersons()}). */
  public MissRateEvaluator(List<MissRateSetup> setups) {
    if (setups.isEmpty()) {
      throw new IllegalArgumentException("at least one setup is needed");
    }
    this.setups = List.copyOf(setups);
  }

  /** The release's default: the four CityPersons setups. */
  public static MissRateEvaluator cityPersons() {
    return new MissRateEvaluator(MissRateSetup.cityPersons());
  }

  /** Reads ground truth and results ({@link DetectionJson}) and evaluates them. */
  public MissRateEvaluation evaluate(Path groundTruthFile, Path resultsFile) throws IOException {
    EvalGroundTruth gt = DetectionJson.readGroundTruth(groundTruthFile);
    return evaluate(gt, DetectionJson.readResults(resultsFile, gt));
  }

  /** Evaluates {@code dets} against {@code gt} for every setup. */
  public MissRateEvaluation evaluate(EvalGroundTruth gt, List<Detection> dets) {
    double[] imageIds = gt.imageIds().stream().mapToDouble(Double::doubleValue).distinct().sorted().toArray();
    Map<String, Double> mr = new LinkedHashMap<>();
    boolean evaluated = new TreeSet<>(gt.categoryIds()).contains(CATEGORY);
    Map<Double, List<GroundTruthBox>> people = evaluated ? peopleByImage(gt, imageIds) : Map.of();
    Map<Double, List<Detection>> found = evaluated ? detectionsByImage(dets) : Map.of();
    for (MissRateSetup s : setups) {
      mr.put(s.label(), evaluated ? missRate(s, imageIds, people, found) : -1.0);
    }
    return new MissRateEvaluation(mr, imageIds.length);
  }

  /**
   * Category-1 people per image, in the order the release collects them: for each listed image
   * (ascending id) its annotations in file order whose category is listed, each replaced by the
   * last annotation with the same id, then grouped by that annotation's own image and category.
   */
  private static Map<Double, List<GroundTruthBox>> peopleByImage(EvalGroundTruth gt, double[] imageIds) {
    Map<Double, GroundTruthBox> byId = new HashMap<>();
    Map<Double, List<GroundTruthBox>> byImage = new HashMap<>();
    for (GroundTruthBox a : gt.annotations()) {
      byId.put(a.id(), a);
      byImage.computeIfAbsent(a.imageId(), k -> new ArrayList<>()).add(a);
    }
    TreeSet<Double> categories = new TreeSet<>(gt.categoryIds());
    Map<Double, List<GroundTruthBox>> out = new HashMap<>();
    for (double img : imageIds) {
      for (GroundTruthBox a : byImage.getOrDefault(img, List.of())) {
        if (categories.contains(a.categoryId())) {
          GroundTruthBox g = byId.get(a.id());
          if (g.categoryId() == CATEGORY) {
            out.computeIfAbsent(g.imageId(), k -> new ArrayList<>()).add(g);
          }
        }
      }
    }
    return out;
  }

  /** Category-1 detections per image, in file order. */
  private static Map<Double, List<Detection>> detectionsByImage(List<Detection> dets) {
    Map<Double, List<Detection>> out = new HashMap<>();
    for (Detection d : dets) {
      if (d.categoryId() == CATEGORY) {
        out.computeIfAbsent(d.imageId(), k -> new ArrayList<>()).add(d);
      }
    }
    return out;
  }

  /** The matches of one image: scores of the evaluated detections, whether each hit a person or an ignore region. */
  private record ImageResult(double[] scores, boolean[] matched, boolean[] onIgnore, int people) {}

  private static double missRate(MissRateSetup s, double[] imageIds, Map<Double, List<GroundTruthBox>> people,
      Map<Double, List<Detection>> found) {
    List<ImageResult> results = new ArrayList<>();
    for (double img : imageIds) {
      List<GroundTruthBox> g = people.getOrDefault(img, List.of());
      List<Detection> d = found.getOrDefault(img, List.of());
      if (!g.isEmpty() || !d.isEmpty()) {
        results.add(evaluateImage(s, g, d));
      }
    }
    if (results.isEmpty()) {
      return -1;
    }
    int npig = 0;
    int n = 0;
    for (ImageResult r : results) {
      npig += r.people();
      n += r.scores().length;
    }
    if (npig == 0) {
      return -1;
    }
    double[] scores = new double[n];
    boolean[] matched = new boolean[n];
    boolean[] onIgnore = new boolean[n];
    int k = 0;
    for (ImageResult r : results) {
      System.arraycopy(r.scores(), 0, scores, k, r.scores().length);
      System.arraycopy(r.matched(), 0, matched, k, r.scores().length);
      System.arraycopy(r.onIgnore(), 0, onIgnore, k, r.scores().length);
      k += r.scores().length;
    }
    Integer[] order = byDescendingScore(scores);
    List<Double> recall = new ArrayList<>();
    List<Double> fppi = new ArrayList<>();
    double tp = 0;
    double fp = 0;
    for (int i : order) {
      if (onIgnore[i]) {
        continue;
      }
      if (matched[i]) {
        tp++;
      } else {
        fp++;
      }
      recall.add(tp / npig);
      fppi.add(fp / imageIds.length);
    }
    int nd = recall.size();
    for (int i = nd - 1; i > 0; i--) {
      if (recall.get(i) < recall.get(i - 1)) {
        recall.set(i - 1, recall.get(i));
      }
    }
    double[] logMiss = new double[FPPI.length];
    for (int r = 0; r < FPPI.length; r++) {
      double q = 0;
      if (nd > 0) {
        int last = lastAtMost(fppi, FPPI[r]);
        q = recall.get(last < 0 ? nd - 1 : last);
      }
      logMiss[r] = StrictMath.log(1 - q);
    }
    return StrictMath.exp(NumpySum.sum(logMiss) / logMiss.length);
  }

  private static ImageResult evaluateImage(MissRateSetup s, List<GroundTruthBox> gt, List<Detection> dets) {
    int g = gt.size();
    double[] ignoreValue = new double[g];
    for (int j = 0; j < g; j++) {
      GroundTruthBox p = gt.get(j);
      ignoreValue[j] = s.counts(p.height(), p.visRatio()) ? p.ignore() : 1;
    }
    // People first, ignore regions last, each group in its original order.
    Integer[] gtOrder = new Integer[g];
    for (int j = 0; j < g; j++) {
      gtOrder[j] = j;
    }
    Arrays.sort(gtOrder, Comparator.comparingInt(j -> ignoreValue[j] != 0 ? 1 : 0));
    double[] scores = dets.stream().mapToDouble(Detection::score).toArray();
    Integer[] dtOrder = byDescendingScore(scores);
    List<Detection> kept = new ArrayList<>();
    for (int i = 0; i < Math.min(MAX_DETECTIONS, dtOrder.length); i++) {
      Detection d = dets.get(dtOrder[i]);
      if (s.evaluatesDetection(d.h())) {
        kept.add(d);
      }
    }
    int nd = kept.size();
    boolean[] used = new boolean[g];
    boolean[] matched = new boolean[nd];
    boolean[] onIgnore = new boolean[nd];
    double[] keptScores = new double[nd];
    int people = 0;
    for (int j = 0; j < g; j++) {
      people += ignoreValue[j] == 0 ? 1 : 0;
    }
    for (int i = 0; i < nd; i++) {
      Detection d = kept.get(i);
      keptScores[i] = d.score();
      double best = Math.min(IOU, 1 - 1e-10);
      int bestG = -1;
      boolean bestIsPerson = false;
      for (int jj = 0; jj < g; jj++) {
        int j = gtOrder[jj];
        boolean ignore = ignoreValue[j] != 0;
        if (used[jj]) {
          continue;
        }
        if (bestG >= 0 && ignore) {
          break;
        }
        double iou = iou(d, gt.get(j), (long) ignoreValue[j] != 0);
        if (iou < best) {
          continue;
        }
        best = iou;
        bestG = jj;
        bestIsPerson = !ignore;
      }
      if (bestG < 0) {
        continue;
      }
      GroundTruthBox hit = gt.get(gtOrder[bestG]);
      onIgnore[i] = !bestIsPerson;
      // The release stores the person's id as the match; an id of 0 reads as "no match".
      matched[i] = hit.id() != 0;
      if (bestIsPerson) {
        used[bestG] = true;
      }
    }
    return new ImageResult(keptScores, matched, onIgnore, people);
  }

  /**
   * The release's IoU: 0 unless both overlaps are positive; intersection over the detection's
   * area for an ignore region ({@code crowd}), over the union otherwise.
   */
  static double iou(Detection d, GroundTruthBox g, boolean crowd) {
    double gx2 = g.x() + g.w();
    double gy2 = g.y() + g.h();
    double garea = g.w() * g.h();
    double dx2 = d.x() + d.w();
    double dy2 = d.y() + d.h();
    double darea = d.w() * d.h();
    double iw = Math.min(dx2, gx2) - Math.max(d.x(), g.x());
    if (iw <= 0) {
      return 0;
    }
    double ih = Math.min(dy2, gy2) - Math.max(d.y(), g.y());
    if (ih <= 0) {
      return 0;
    }
    double t = iw * ih;
    double union = crowd ? darea : darea + garea - t;
    return t / union;
  }

  /** Indices by descending score, ties in their original order (numpy's stable mergesort of −score). */
  private static Integer[] byDescendingScore(double[] scores) {
    Integer[] idx = new Integer[scores.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    // Compared with < and >, not Double.compare, so that −0.0 and 0.0 tie as in numpy.
    Arrays.sort(idx, (a, b) -> scores[a] > scores[b] ? -1 : scores[a] < scores[b] ? 1 : 0);
    return idx;
  }

  /** numpy's {@code searchsorted(v, x, side='right') − 1} on the non-decreasing {@code v}. */
  private static int lastAtMost(List<Double> v, double x) {
    int lo = 0;
    int hi = v.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (v.get(mid) <= x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo - 1;
  }
}
