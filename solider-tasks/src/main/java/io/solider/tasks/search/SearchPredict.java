package io.solider.tasks.search;

import io.solider.nn.image.Images;
import io.solider.nn.io.JsonFile;
import io.solider.nn.progress.ProgressLog;
import io.solider.tasks.search.head.SearchDetector;
import io.solider.tasks.search.head.SearchModel;
import io.solider.tasks.search.head.SearchNetwork;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a query person in a folder of scenes, as the release's {@code demo.py}: the query crop's
 * embedding (the crop as a scene, its whole extent as the box), each scene's detections with their
 * score-weighted embeddings, similarity = dot product. Writes {@code results.json} (per scene its
 * detections with score and similarity; then every detection ranked by similarity),
 * {@code overlays/<scene>.png} (each scene's detections labelled with their similarity, the best
 * match of the folder marked) and {@code matches.png} (the query and its best matches).
 */
public final class SearchPredict {

  private static final Logger log = LoggerFactory.getLogger(SearchPredict.class);

  /**
   * How to predict.
   *
   * @param test input size, proposals, post-processing (one λ: the first of {@code test.lambdas()})
   * @param topK matches drawn in {@code matches.png}
   */
  public record Config(SearchTest.Config test, int topK) {
    public Config {
      if (topK < 1) {
        throw new IllegalArgumentException("top-k must be >= 1, got " + topK);
      }
    }
  }

  /**
   * One detection in a scene.
   *
   * @param scene the scene file
   * @param box x1, y1, x2, y2 in the scene's pixels
   * @param score person score
   * @param similarity dot product with the query's embedding
   */
  public record Match(Path scene, float[] box, float score, float similarity) {}

  private SearchPredict() {}

  /** Runs the search and writes the files named in the class comment; returns every detection, best first. */
  public static List<Match> run(SearchModel model, Path query, Path scenes, Config config, Path output)
      throws IOException {
    List<Path> files = Files.isDirectory(scenes) ? Images.listImages(scenes) : List.of(scenes);
    if (files.isEmpty()) {
      throw new IllegalArgumentException(scenes + ": no images (" + Images.EXTENSIONS + ")");
    }
    double lambda = config.test().lambdas().get(0);
    SearchDetector detector = new SearchDetector(new SearchNetwork(model), config.test().transform(),
        config.test().proposals(), config.test().detections(), lambda);
    BufferedImage crop = Images.decode(query);
    float[] q;
    try (SearchDetector.Features f = detector.features(crop)) {
      q = detector.embed(f, new float[] {0, 0, crop.getWidth(), crop.getHeight()});
    }
    List<Match> all = new ArrayList<>();
    Map<Path, List<Match>> byScene = new LinkedHashMap<>();
    ProgressLog progress = ProgressLog.every10s(log, "person search", "scenes", files.size());
    for (Path scene : files) {
      SearchDetector.Detections d;
      try (SearchDetector.Features f = detector.features(Images.decode(scene))) {
        d = detector.detect(f);
      }
      List<Match> ms = new ArrayList<>();
      for (int j = 0; j < d.count(); j++) {
        double s = 0;
        for (int c = 0; c < q.length; c++) {
          s += (double) q[c] * d.embeddings()[j * q.length + c];
        }
        ms.add(new Match(scene, Arrays.copyOfRange(d.boxes(), 4 * j, 4 * j + 4), d.scores()[j], (float) s));
      }
      byScene.put(scene, ms);
      all.addAll(ms);
      progress.advance(1);
    }
    all.sort(Comparator.comparingDouble((Match m) -> m.similarity()).reversed());
    write(query, scenes, lambda, byScene, all, config.topK(), output);
    log.info("{} scenes, {} detections; best match {}", files.size(), all.size(), all.isEmpty() ? "none"
        : all.get(0).scene().getFileName() + " " + Arrays.toString(all.get(0).box()) + " similarity "
            + SearchPictures.format(all.get(0).similarity()));
    return all;
  }

  private static void write(Path query, Path scenes, double lambda, Map<Path, List<Match>> byScene, List<Match> all,
      int topK, Path output) throws IOException {
    Files.createDirectories(output);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("query", query.toAbsolutePath().toString());
    json.put("semantic_weight", lambda);
    List<Object> sceneList = new ArrayList<>();
    byScene.forEach((scene, ms) -> {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("image", name(scenes, scene));
      e.put("detections", ms.stream().map(SearchPredict::json).toList());
      sceneList.add(e);
    });
    json.put("scenes", sceneList);
    json.put("ranked", all.stream().map(m -> {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("image", name(scenes, m.scene()));
      e.putAll(json(m));
      return e;
    }).toList());
    JsonFile.write(json, output.resolve("results.json"));
    Match best = all.isEmpty() ? null : all.get(0);
    for (Map.Entry<Path, List<Match>> e : byScene.entrySet()) {
      List<SearchPictures.Box> boxes = e.getValue().stream().map(m -> new SearchPictures.Box(m.box(),
          SearchPictures.format(m.similarity()), m == best ? SearchPictures.HIT : SearchPictures.QUERY)).toList();
      String file = e.getKey().getFileName().toString();
      SearchPictures.writeScene(e.getKey(), boxes, output.resolve("overlays")
          .resolve(file.substring(0, Math.max(1, file.lastIndexOf('.'))) + ".png"));
    }
    List<SearchPictures.Tile> row = new ArrayList<>();
    row.add(new SearchPictures.Tile(query, List.of(), "query"));
    for (Match m : all.subList(0, Math.min(topK, all.size()))) {
      row.add(new SearchPictures.Tile(m.scene(), List.of(new SearchPictures.Box(m.box(),
          SearchPictures.format(m.similarity()), SearchPictures.HIT)), m.scene().getFileName().toString()));
    }
    SearchPictures.writeRows(List.of(row), output.resolve("matches.png"));
  }

  private static Map<String, Object> json(Match m) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("box_xyxy", m.box());
    e.put("score", m.score());
    e.put("similarity", m.similarity());
    return e;
  }

  private static String name(Path root, Path scene) {
    return Files.isDirectory(root) ? root.relativize(scene).toString() : scene.getFileName().toString();
  }
}
