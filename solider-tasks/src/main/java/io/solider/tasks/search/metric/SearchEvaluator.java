package io.solider.tasks.search.metric;

import io.solider.tasks.common.NumpyArgsort;
import io.solider.tasks.common.NumpySum;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The release's person-search ranking evaluation ({@code eval_search_cuhk} and
 * {@code eval_search_prw}, CBGM off), quirks included:
 * <ul>
 *   <li>gallery detections scoring below the threshold are dropped (float32 comparison); a scene
 *       left without detections contributes nothing but still counts its target;</li>
 *   <li>similarity = dot product of the query and detection embeddings;</li>
 *   <li>in a scene holding the target, detections are visited in NumPy's {@code argsort} order of
 *       decreasing similarity and only the first whose IoU with the target reaches
 *       min(0.5, w·h / ((w+10)(h+10))) is a hit; the target's box is the protocol's (CUHK-SYSU, cast
 *       to integers as {@code astype(np.int32)} does) or the first gallery box with the query's pid
 *       (PRW);</li>
 *   <li>AP = scikit-learn AP of the query's whole ranking × found targets / targets, 0 when no target
 *       is found; top-k from NumPy's {@code argsort} of all similarities;</li>
 *   <li>a gallery scene listed twice for one query counts its target twice but is ranked once.</li>
 * </ul>
 * The CUHK-SYSU gallery of a query is its protocol list; the PRW gallery is every other scene of
 * the gallery (camera ignored, {@code ignore_cam_id=True}).
 *
 * <p>Where the release's code stops with an exception instead (a query whose person is in no
 * gallery scene: division by zero in both protocols; fewer than ten ranked detections: its result
 * dump indexes past the end), the query's AP is 0 and its top-k counts what there is.
 */
public final class SearchEvaluator {

  private static final Logger log = LoggerFactory.getLogger(SearchEvaluator.class);

  /** The release's gallery detection threshold for search. */
  public static final double DET_THRESH = 0.5;

  private static final int[] TOP_K = {1, 5, 10};

  private SearchEvaluator() {}

  /**
   * The outcome of one query.
   *
   * @param ap AP × recall
   * @param hits top-1, top-5, top-10 (1 if a hit is among the first k)
   * @param targets gallery entries holding the person
   * @param found targets found
   */
  public record QueryResult(double ap, int[] hits, int targets, int found) {}

  /** Search ranking and detection metrics, as the release's {@code evaluate_performance}. */
  public static SearchEvaluation evaluate(SearchEvalInput in, SearchProtocol protocol, double detThresh) {
    List<QueryResult> results = rank(in, protocol, detThresh);
    DetectionEvaluator.Result det = DetectionEvaluator.evaluate(in.gallery(), in.detections());
    return SearchEvaluation.of(results, det);
  }

  /** Per-query results of the ranking evaluation. */
  public static List<QueryResult> rank(SearchEvalInput in, SearchProtocol protocol, double detThresh) {
    Map<String, Integer> byName = new HashMap<>();
    for (int i = 0; i < in.gallery().size(); i++) {
      byName.put(in.gallery().get(i).name(), i);
    }
    // name_to_det_feat: scenes with at least one kept detection, and which ones.
    float thresh = (float) detThresh;
    int[][] kept = new int[in.gallery().size()][];
    for (int i = 0; i < kept.length; i++) {
      int[] k = DetectionEvaluator.kept(in.detections().get(i).scores(), thresh);
      kept[i] = k.length > 0 ? k : null;
    }
    List<QueryResult> out = new ArrayList<>();
    for (int q = 0; q < in.queries().size(); q++) {
      Query ctx = new Query(in, kept, q);
      QueryResult r = protocol == SearchProtocol.PRW ? ctx.prw() : ctx.cuhk(byName);
      out.add(r);
    }
    return out;
  }

  /** One query's pass over its gallery. */
  private static final class Query {

    private final SearchEvalInput in;
    private final int[][] kept;
    private final int q;
    private final Ranking ranking = new Ranking();
    private int targets;
    private int found;

    Query(SearchEvalInput in, int[][] kept, int q) {
      this.in = in;
      this.kept = kept;
      this.q = q;
    }

    QueryResult cuhk(Map<String, Integer> byName) {
      SearchQueryInput query = in.queries().get(q);
      Map<Integer, double[]> sceneGt = new LinkedHashMap<>(); // name2sim / name2gt, in first-seen order
      for (SearchQueryInput.GalleryEntry e : query.gallery()) {
        double[] gt = e.gtXywh();
        targets += gt != null ? 1 : 0;
        Integer scene = byName.get(e.image());
        if (scene == null) {
          throw new IllegalArgumentException("query " + q + ": gallery scene " + e.image() + " is not in the gallery");
        }
        if (kept[scene] == null || sceneGt.containsKey(scene)) {
          continue;
        }
        sceneGt.put(scene, gt);
      }
      for (Map.Entry<Integer, double[]> e : sceneGt.entrySet()) {
        double[] xyxy = null;
        double threshold = 0;
        if (e.getValue() != null) {
          // gt = item[1][0].astype(np.int32); w, h = gt[2], gt[3]; gt[2:] += gt[:2]
          double[] g = e.getValue();
          long x = (long) g[0];
          long y = (long) g[1];
          long w = (long) g[2];
          long h = (long) g[3];
          threshold = ReleaseIou.threshold(w, h);
          xyxy = new double[] {x, y, x + w, y + h};
        }
        scene(e.getKey(), xyxy, threshold);
      }
      if (targets == 0) {
        warnNoTarget(q, query.pid());
      }
      return result();
    }

    private static void warnNoTarget(int q, int pid) {
      log.warn("query {} (pid {}): the person is in no gallery scene; AP 0 (the release's code divides by zero)", q, pid);
    }

    QueryResult prw() {
      SearchQueryInput query = in.queries().get(q);
      for (GalleryImage img : in.gallery()) {
        if (img.name().equals(query.image())) {
          continue;
        }
        int k = firstWithPid(img, query.pid());
        if (k >= 0) {
          targets++;
        }
      }
      for (int s = 0; s < in.gallery().size(); s++) {
        GalleryImage img = in.gallery().get(s);
        if (img.name().equals(query.image()) || kept[s] == null) {
          continue;
        }
        int k = firstWithPid(img, query.pid());
        double[] xyxy = k >= 0 ? img.box(k) : null;
        double threshold = k >= 0 ? ReleaseIou.threshold(xyxy[2] - xyxy[0], xyxy[3] - xyxy[1]) : 0;
        scene(s, xyxy, threshold);
      }
      if (targets == 0) {
        warnNoTarget(q, query.pid());
      }
      return result();
    }

    private static int firstWithPid(GalleryImage img, int pid) {
      for (int k = 0; k < img.size(); k++) {
        if (img.pids()[k] == pid) {
          return k;
        }
      }
      return -1;
    }

    /** Ranks one scene's kept detections; marks the first in similarity order that finds the target. */
    private void scene(int s, double[] target, double threshold) {
      ImageDetections det = in.detections().get(s);
      int[] k = kept[s];
      float[] sim = new float[k.length];
      for (int j = 0; j < k.length; j++) {
        sim[j] = in.detectionFeatures().dot(det.firstRow() + k[j], in.queryFeatures(), q);
      }
      if (target == null) {
        for (float v : sim) {
          ranking.add(v, false);
        }
        return;
      }
      int[] order = NumpyArgsort.argsortDescending(sim);
      boolean hit = false;
      for (int o : order) {
        boolean label = false;
        if (!hit && ReleaseIou.detFirst(det.boxes(), 4 * k[o], target) >= threshold) {
          label = true;
          hit = true;
          found++;
        }
        ranking.add(sim[o], label);
      }
    }

    private QueryResult result() {
      float[] y = ranking.scores();
      boolean[] t = ranking.truth();
      double recall = found * 1.0 / targets;
      double ap = found == 0 ? 0 : AveragePrecision.of(t, y) * recall;
      int[] order = NumpyArgsort.argsortDescending(y);
      int[] hits = new int[TOP_K.length];
      for (int i = 0; i < TOP_K.length; i++) {
        int sum = 0;
        for (int r = 0; r < Math.min(TOP_K[i], order.length); r++) {
          sum += t[order[r]] ? 1 : 0;
        }
        hits[i] = Math.min(1, sum);
      }
      return new QueryResult(ap, hits, targets, found);
    }
  }
}
