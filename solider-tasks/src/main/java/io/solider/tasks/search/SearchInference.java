package io.solider.tasks.search;

import io.solider.nn.image.Images;
import io.solider.nn.io.JsonFile;
import io.solider.nn.io.Npy;
import io.solider.nn.progress.ProgressLog;
import io.solider.tasks.search.data.SearchDataset;
import io.solider.tasks.search.data.SearchExchange;
import io.solider.tasks.search.data.SearchScene;
import io.solider.tasks.search.head.SearchDetector;
import io.solider.tasks.search.head.SearchModel;
import io.solider.tasks.search.metric.SearchEvalFiles;
import io.solider.tasks.search.metric.SearchEvaluation;
import io.solider.tasks.search.metric.SearchEvaluator;
import io.solider.tasks.search.metric.SearchProtocol;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The release's test protocol run by a {@link SearchDetector} on a data set's test split:
 * detections and embeddings of every gallery scene, an embedding for every query box, written in
 * {@code search-eval}'s exchange files ({@code gallery.json}, {@code queries.json},
 * {@code detections.json}, {@code det.npy}, {@code q.npy}) and evaluated from those files by the
 * same code as {@code search-eval} (detection AP at 0.01, search at score 0.5, CUHK-SYSU's gallery
 * lists or PRW's all-other-scenes). Each test scene's trunk map is computed once and serves its
 * detections and the queries cut from it.
 */
public final class SearchInference {

  private static final Logger log = LoggerFactory.getLogger(SearchInference.class);

  private SearchInference() {}

  /**
   * Everything the protocol computed.
   *
   * @param detections per gallery scene (the data set's order)
   * @param queryFeatures per query (the data set's order), 256 values each
   */
  public record Results(List<SearchDetector.Detections> detections, float[][] queryFeatures) {}

  /** The protocol of a data set ({@code prw} or CUHK-SYSU's gallery lists). */
  public static SearchProtocol protocol(SearchDataset ds) {
    return ds.name().equals("prw") ? SearchProtocol.PRW : SearchProtocol.CUHK_SYSU;
  }

  /** Runs the detector on every gallery scene and embeds every query. */
  public static Results run(SearchDetector detector, SearchDataset ds) throws IOException {
    if (ds.gallery().isEmpty() || ds.queries().isEmpty()) {
      throw new IllegalArgumentException(ds.name() + ": the test split has " + ds.gallery().size() + " gallery scenes and "
          + ds.queries().size() + " queries; both are needed");
    }
    Map<Path, List<Integer>> queriesOf = new LinkedHashMap<>();
    for (int q = 0; q < ds.queries().size(); q++) {
      queriesOf.computeIfAbsent(ds.queries().get(q).image(), k -> new ArrayList<>()).add(q);
    }
    Map<Path, Integer> galleryIndex = new HashMap<>();
    for (int i = 0; i < ds.gallery().size(); i++) {
      galleryIndex.put(ds.gallery().get(i).image(), i);
    }
    List<Path> scenes = new ArrayList<>();
    ds.gallery().stream().map(SearchScene::image).forEach(scenes::add);
    queriesOf.keySet().stream().filter(p -> !galleryIndex.containsKey(p)).forEach(scenes::add);
    List<SearchDetector.Detections> dets = new ArrayList<>(java.util.Collections.nCopies(ds.gallery().size(),
        (SearchDetector.Detections) null));
    float[][] queryFeatures = new float[ds.queries().size()][];
    ProgressLog progress = ProgressLog.every10s(log, ds.name() + " test (λ " + detector.lambda() + ")", "scenes",
        scenes.size());
    for (Path scene : scenes) {
      try (SearchDetector.Features f = detector.features(Images.decode(scene))) {
        Integer g = galleryIndex.get(scene);
        if (g != null) {
          dets.set(g, detector.detect(f));
        }
        List<Integer> qs = queriesOf.getOrDefault(scene, List.of());
        if (!qs.isEmpty()) {
          float[] boxes = new float[4 * qs.size()];
          for (int k = 0; k < qs.size(); k++) {
            int[] xyxy = ds.queries().get(qs.get(k)).xyxy();
            for (int c = 0; c < 4; c++) {
              boxes[4 * k + c] = xyxy[c];
            }
          }
          float[] emb = detector.embed(f, boxes);
          for (int k = 0; k < qs.size(); k++) {
            queryFeatures[qs.get(k)] = java.util.Arrays.copyOfRange(emb, SearchModel.EMBEDDING_DIM * k,
                SearchModel.EMBEDDING_DIM * (k + 1));
          }
        }
      }
      progress.advance(1);
    }
    return new Results(dets, queryFeatures);
  }

  /** The exchange files of {@code results} in {@code dir} (created if needed). */
  public static SearchEvalFiles.Paths write(SearchDataset ds, Results results, Path dir) throws IOException {
    Files.createDirectories(dir);
    SearchExchange.write(ds, dir);
    List<Object> images = new ArrayList<>();
    int rows = 0;
    for (SearchDetector.Detections d : results.detections()) {
      rows += d.count();
    }
    int dim = SearchModel.EMBEDDING_DIM;
    float[] det = new float[rows * dim];
    int row = 0;
    for (int i = 0; i < results.detections().size(); i++) {
      SearchDetector.Detections d = results.detections().get(i);
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("name", SearchExchange.name(ds.gallery().get(i).image()));
      List<float[]> boxes = new ArrayList<>();
      for (int k = 0; k < d.count(); k++) {
        boxes.add(java.util.Arrays.copyOfRange(d.boxes(), 4 * k, 4 * k + 4));
      }
      e.put("boxes_xyxy", boxes);
      e.put("scores", d.scores());
      e.put("feature_row_offset", row);
      e.put("count", d.count());
      images.add(e);
      System.arraycopy(d.embeddings(), 0, det, row * dim, d.count() * dim);
      row += d.count();
    }
    JsonFile.write(Map.of("images", images), dir.resolve("detections.json"));
    Npy.write(Nd4j.create(det, new long[] {rows, dim}, 'c'), dir.resolve("det.npy"));
    float[] q = new float[results.queryFeatures().length * dim];
    for (int k = 0; k < results.queryFeatures().length; k++) {
      System.arraycopy(results.queryFeatures()[k], 0, q, k * dim, dim);
    }
    Npy.write(Nd4j.create(q, new long[] {results.queryFeatures().length, dim}, 'c'), dir.resolve("q.npy"));
    return new SearchEvalFiles.Paths(dir.resolve("gallery.json"), dir.resolve("detections.json"),
        dir.resolve("det.npy"), dir.resolve("queries.json"), dir.resolve("q.npy"));
  }

  /** Evaluates written exchange files as {@code search-eval} does, and writes {@code metrics.json} beside them. */
  public static SearchEvaluation evaluate(SearchEvalFiles.Paths files, SearchProtocol protocol) throws IOException {
    SearchEvaluation e = SearchEvaluator.evaluate(SearchEvalFiles.read(files, protocol), protocol,
        SearchEvaluator.DET_THRESH);
    JsonFile.write(e.toJson(), files.gallery().resolveSibling("metrics.json"));
    return e;
  }

  /** Runs, writes and evaluates. */
  public static SearchEvaluation test(SearchDetector detector, SearchDataset ds, Path dir) throws IOException {
    Results r = run(detector, ds);
    return evaluate(write(ds, r, dir), protocol(ds));
  }
}
