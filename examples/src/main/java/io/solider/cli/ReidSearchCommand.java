package io.solider.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.solider.cli.options.EngineOptions;
import io.solider.cli.options.MaxPixelsOption;
import io.solider.nn.backbone.Backbone;
import io.solider.nn.extract.ExtractionConfig;
import io.solider.nn.extract.FeatureExtractor;
import io.solider.nn.extract.PooledFeatures;
import io.solider.nn.image.ImageNormalization;
import io.solider.nn.image.Images;
import io.solider.tasks.reid.index.EmbeddingModel;
import io.solider.tasks.reid.index.GallerySearcher;
import io.solider.tasks.reid.index.SearchHit;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code solider reid-search}: the gallery entries of a {@code reid-index} index nearest to a query image. */
@Command(
    name = "reid-search",
    mixinStandardHelpOptions = true,
    description = {
      "Extracts a query image's feature with the index's model (checkpoint, λ and image size stored in the index) "
          + "and prints the most similar gallery entries: rank, cosine score, pid, camid, file."
    })
final class ReidSearchCommand implements Callable<Integer> {

  @Mixin EngineOptions engineOptions;

  @Spec CommandSpec spec;

  @Option(names = "--index", required = true, paramLabel = "DIR",
      description = "Index written by reid-index, or a sharded index written by spark index (shards searched and merged).")
  Path index;

  @Option(names = "--query", required = true, paramLabel = "IMAGE", description = "Query image.")
  Path query;

  @Option(names = "--checkpoint", paramLabel = "FILE",
      description = "Checkpoint to use when the stored one has moved; must be the same file (SHA-256) unless "
          + "--allow-other-checkpoint. Default: the checkpoint stored in the index.")
  Path checkpoint;

  @Option(names = "--allow-other-checkpoint",
      description = "Search with a checkpoint other than the index's (same feature size); scores are then meaningless unless the models agree.")
  boolean allowOther;

  @Option(names = "--top", paramLabel = "K", defaultValue = "10", description = "Results to print. Default: ${DEFAULT-VALUE}.")
  int top;

  @Option(names = "--candidates", paramLabel = "N", defaultValue = "100",
      description = "HNSW search candidates (efSearch; at least --top): more is slower and more exact. Default: ${DEFAULT-VALUE}.")
  int candidates;

  @Option(names = "--json", description = "Print JSON instead of a table.")
  boolean json;

  @Mixin MaxPixelsOption maxPixels;

  @Override
  public Integer call() throws Exception {
    if (top < 1) {
      throw new IllegalArgumentException("--top must be >= 1, got " + top);
    }
    if (candidates < 1) {
      throw new IllegalArgumentException("--candidates must be >= 1, got " + candidates);
    }
    if (!Files.isRegularFile(query)) {
      throw new NoSuchFileException(query.toString(), null, "query image does not exist");
    }
    Images.decode(query, maxPixels.value()); // a query that does not decode (or is too large) is an error, not a skip
    try (GallerySearcher searcher = GallerySearcher.open(index)) {
      EmbeddingModel model = searcher.metadata().model();
      Path ckpt = modelCheckpoint(model);
      Backbone backbone = ReidBackbones.load(ckpt);
      if (backbone.config().pooledDim() != model.dimension()) {
        throw new IllegalArgumentException(ckpt + " gives " + backbone.config().pooledDim() + "-d features but the index "
            + index + " holds " + model.dimension() + "-d features (" + model.architecture() + ")");
      }
      ExtractionConfig config = ExtractionConfig.defaults().withBatchSize(1)
          .withSize(model.imageHeight(), model.imageWidth()).withStages(false)
          .withNormalization(ImageNormalization.named(model.normalization())).withMaxPixels(maxPixels.value());
      Path parent = query.toAbsolutePath().getParent();
      PooledFeatures f = new FeatureExtractor(backbone, config, engineOptions.engine())
          .pooledFeatures(parent, List.of(query.toAbsolutePath()), model.semanticWeight());
      List<SearchHit> hits = searcher.search(f.at(0)[0], top, Math.max(top, candidates));
      print(hits, model, searcher.size());
    }
    return 0;
  }

  /** The checkpoint to embed the query with, checked against the one the index was built with. */
  private Path modelCheckpoint(EmbeddingModel model) throws Exception {
    if (checkpoint == null) {
      Path stored = Path.of(model.checkpoint());
      if (!Files.isRegularFile(stored)) {
        throw new NoSuchFileException(stored.toString(), null,
            "the index's checkpoint is gone; pass --checkpoint with the same file");
      }
      if (!ReidBackbones.sha256(stored).equals(model.checkpointSha256())) {
        throw new IllegalArgumentException(stored + " has changed since the index was built (SHA-256 differs); "
            + "rebuild the index or pass --checkpoint with the original file");
      }
      return stored;
    }
    if (!Files.isRegularFile(checkpoint)) {
      throw new NoSuchFileException(checkpoint.toString(), null, "checkpoint does not exist");
    }
    if (!allowOther && !ReidBackbones.sha256(checkpoint).equals(model.checkpointSha256())) {
      throw new IllegalArgumentException(checkpoint + " is not the checkpoint the index was built with ("
          + model.checkpoint() + ", SHA-256 " + model.checkpointSha256().substring(0, Math.min(12, model.checkpointSha256().length()))
          + "…); pass --allow-other-checkpoint to search anyway");
    }
    return checkpoint;
  }

  private void print(List<SearchHit> hits, EmbeddingModel model, int size) throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("query", query.toString());
      m.put("index", index.toString());
      m.put("gallery_size", size);
      m.put("semantic_weight", model.semanticWeight());
      m.put("results", hits);
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m));
    } else {
      out.printf("%4s  %7s  %6s  %5s  %s%n", "rank", "score", "pid", "camid", "file");
      for (SearchHit h : hits) {
        out.printf("%4d  %7.4f  %6d  %5d  %s%n", h.rank(), h.score(), h.pid(), h.camid(), h.file());
      }
    }
    out.flush();
  }
}
