package io.solider.tasks.search;

import io.solider.nn.io.JsonFile;
import io.solider.tasks.common.BoxOverlap;
import io.solider.tasks.common.Charts;
import io.solider.tasks.common.LambdaSweep;
import io.solider.tasks.search.data.RcnnTransform;
import io.solider.tasks.search.data.SearchBox;
import io.solider.tasks.search.data.SearchDataset;
import io.solider.tasks.search.data.SearchQuery;
import io.solider.tasks.search.data.SearchScene;
import io.solider.tasks.search.head.ProposalFilter;
import io.solider.tasks.search.head.SearchDetector;
import io.solider.tasks.search.head.SearchModel;
import io.solider.tasks.search.head.SearchNetwork;
import io.solider.tasks.search.head.SearchPostProcess;
import io.solider.tasks.search.metric.SearchEvaluation;
import io.solider.tasks.search.metric.SearchProtocol;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tests a person-search model on a data set's test split at one or more semantic weights λ with
 * the release's protocol ({@link SearchInference}): per λ the exchange files and their metrics in
 * {@code lambda_<λ>/}; {@code metrics.json} (best λ by mAP on top, every λ listed, keys as
 * {@code search-eval}'s), {@code lambda.png} (mAP, top-1 and detection AP over λ) and
 * {@code matches.png} (queries of the best λ, each followed by its best-ranked gallery detections,
 * green where the detection is the query person, red where not).
 */
public final class SearchTest {

  private static final Logger log = LoggerFactory.getLogger(SearchTest.class);

  /**
   * How to test.
   *
   * @param minSize shorter side of the model input (900)
   * @param maxSize longest side (1500)
   * @param proposals the test proposals (6000 → 300)
   * @param detections the post-processing (score 0.5, NMS 0.4/0.5, 300)
   * @param lambdas the semantic weights, distinct, in [0, 1]
   * @param pictureQueries queries drawn in {@code matches.png} (0: none)
   * @param topK matches drawn per query
   */
  public record Config(int minSize, int maxSize, ProposalFilter proposals, SearchPostProcess detections,
      List<Double> lambdas, int pictureQueries, int topK) {
    public Config {
      lambdas = LambdaSweep.checkedLambdas(lambdas);
      if (minSize < 32 || maxSize < minSize || pictureQueries < 0 || topK < 1) {
        throw new IllegalArgumentException("sizes need 32 <= min <= max, picture queries >= 0 and top-k >= 1");
      }
    }

    /** The release's test settings at λ 0.6 (900/1500, 6000 → 300 proposals); 8 queries × 5 matches drawn. */
    public static Config release() {
      return new Config(900, 1500, ProposalFilter.testing(), SearchPostProcess.seqNet(), List.of(0.6), 8, 5);
    }

    RcnnTransform transform() {
      return RcnnTransform.seqNet().withSizes(minSize, maxSize);
    }
  }

  private SearchTest() {}

  /** Runs the test and writes its files into {@code output}. */
  public static LambdaSweep<SearchEvaluation> run(SearchModel model, Path checkpoint, SearchDataset ds, Path data,
      Config config, Path output) throws IOException {
    SearchNetwork net = new SearchNetwork(model);
    SearchProtocol protocol = SearchInference.protocol(ds);
    List<LambdaSweep.Entry<SearchEvaluation>> entries = new ArrayList<>();
    SearchInference.Results best = null;
    double bestMap = Double.NEGATIVE_INFINITY;
    for (double lambda : config.lambdas()) {
      SearchDetector detector = new SearchDetector(net, config.transform(), config.proposals(), config.detections(),
          lambda);
      SearchInference.Results r = SearchInference.run(detector, ds);
      Path dir = output.resolve("lambda_" + Charts.trim(lambda));
      SearchEvaluation e = SearchInference.evaluate(SearchInference.write(ds, r, dir), protocol);
      log.info("λ {}: {}", Charts.trim(lambda), e.summary());
      entries.add(new LambdaSweep.Entry<>(lambda, e));
      if (e.mAP() > bestMap) {
        bestMap = e.mAP();
        best = r;
      }
    }
    LambdaSweep<SearchEvaluation> sweep = LambdaSweep.of(entries, Comparator.comparingDouble(SearchEvaluation::mAP));
    Files.createDirectories(output);
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("dataset", ds.name());
    extra.put("protocol", protocol == SearchProtocol.PRW ? "prw" : "cuhk");
    extra.put("gallery_size", protocol == SearchProtocol.PRW ? ds.gallery().size() - 1
        : ds.queries().get(0).gallery().size());
    extra.put("data", data.toAbsolutePath().toString());
    extra.put("checkpoint", checkpoint.toAbsolutePath().toString());
    extra.put("min_size", config.minSize());
    extra.put("max_size", config.maxSize());
    extra.put("num_query", ds.queries().size());
    extra.put("num_gallery", ds.gallery().size());
    JsonFile.write(sweep.toJson(extra), output.resolve("metrics.json"));
    Map<String, ToDoubleFunction<? super SearchEvaluation>> metrics = new LinkedHashMap<>();
    metrics.put("mAP", SearchEvaluation::mAP);
    metrics.put("top-1", SearchEvaluation::top1);
    metrics.put("detection AP", SearchEvaluation::detectionAp);
    sweep.writeChart(metrics, "mAP", "Person search over λ, " + ds.name(), output.resolve("lambda.png"));
    if (config.pictureQueries() > 0) {
      writeMatches(ds, best, Math.min(config.pictureQueries(), ds.queries().size()), config.topK(),
          output.resolve("matches.png"));
    }
    if (sweep.entries().size() > 1) {
      log.info("best λ {} (mAP {}%)", Charts.trim(sweep.bestEntry().lambda()),
          String.format("%.2f", 100 * sweep.bestEntry().evaluation().mAP()));
    }
    return sweep;
  }

  /** A ranked gallery detection of a query. */
  record Match(int scene, int detection, float similarity, boolean hit) {}

  /**
   * The {@code k} most similar gallery detections (score ≥ 0.5) of query {@code q} in its protocol
   * gallery; a hit overlaps the query person's box in that scene with IoU ≥ 0.5.
   */
  static List<Match> topMatches(SearchDataset ds, SearchInference.Results r, int q, int k) {
    SearchQuery query = ds.queries().get(q);
    Map<Path, Integer> index = new HashMap<>();
    for (int i = 0; i < ds.gallery().size(); i++) {
      index.put(ds.gallery().get(i).image(), i);
    }
    Map<Integer, float[]> targets = new LinkedHashMap<>();
    if (query.gallery().isEmpty()) {
      for (int i = 0; i < ds.gallery().size(); i++) {
        SearchScene s = ds.gallery().get(i);
        if (s.image().equals(query.image())) {
          continue;
        }
        float[] t = null;
        for (SearchBox b : s.boxes()) {
          if (b.pid() == query.pid() && t == null) {
            t = toFloat(b.xyxy());
          }
        }
        targets.put(i, t);
      }
    } else {
      for (SearchQuery.GalleryEntry g : query.gallery()) {
        Integer i = index.get(g.image());
        if (i != null) {
          int[] b = g.box();
          targets.put(i, b == null ? null : new float[] {b[0], b[1], b[0] + b[2], b[1] + b[3]});
        }
      }
    }
    float[] qf = r.queryFeatures()[q];
    List<Match> all = new ArrayList<>();
    targets.forEach((i, t) -> {
      SearchDetector.Detections d = r.detections().get(i);
      for (int j = 0; j < d.count(); j++) {
        if (d.scores()[j] < 0.5f) {
          continue;
        }
        double s = 0;
        for (int c = 0; c < qf.length; c++) {
          s += (double) qf[c] * d.embeddings()[j * qf.length + c];
        }
        float[] box = java.util.Arrays.copyOfRange(d.boxes(), 4 * j, 4 * j + 4);
        all.add(new Match(i, j, (float) s, t != null && BoxOverlap.CONTINUOUS.iou(box, 0, t, 0) >= 0.5));
      }
    });
    all.sort(Comparator.comparingDouble((Match m) -> m.similarity()).reversed());
    return all.subList(0, Math.min(k, all.size()));
  }

  private static void writeMatches(SearchDataset ds, SearchInference.Results r, int queries, int k, Path png)
      throws IOException {
    List<List<SearchPictures.Tile>> rows = new ArrayList<>();
    for (int q = 0; q < queries; q++) {
      SearchQuery query = ds.queries().get(q);
      List<SearchPictures.Tile> row = new ArrayList<>();
      row.add(new SearchPictures.Tile(query.image(), List.of(new SearchPictures.Box(toFloat(query.xyxy()), "query",
          SearchPictures.QUERY)), "query " + query.idName()));
      for (Match m : topMatches(ds, r, q, k)) {
        SearchDetector.Detections d = r.detections().get(m.scene());
        float[] box = java.util.Arrays.copyOfRange(d.boxes(), 4 * m.detection(), 4 * m.detection() + 4);
        row.add(new SearchPictures.Tile(ds.gallery().get(m.scene()).image(), List.of(new SearchPictures.Box(box,
            SearchPictures.format(m.similarity()), m.hit() ? SearchPictures.HIT : SearchPictures.MISS)),
            ds.gallery().get(m.scene()).image().getFileName().toString()));
      }
      rows.add(row);
    }
    SearchPictures.writeRows(rows, png);
  }

  static float[] toFloat(int[] v) {
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      f[i] = v[i];
    }
    return f;
  }
}
