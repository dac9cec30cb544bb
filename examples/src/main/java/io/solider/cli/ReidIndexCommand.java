package io.solider.cli;

import io.solider.cli.options.EngineOptions;
import io.solider.cli.options.ArchitectureOptions;
import io.solider.cli.options.BatchSizeOption;
import io.solider.cli.options.ImageSizeOption;
import io.solider.cli.options.NormalizationOption;
import io.solider.cli.options.NormalizationOption.Normalization;
import io.solider.cli.options.SemanticWeightOption;
import io.solider.nn.backbone.Backbone;
import io.solider.nn.extract.ExtractionConfig;
import io.solider.nn.image.ImageNormalization;
import io.solider.nn.extract.FeatureExtractor;
import io.solider.nn.extract.PooledFeatures;
import io.solider.nn.extract.SemanticWeightSpec;
import io.solider.tasks.reid.data.ReidDatasets;
import io.solider.tasks.reid.data.ReidSample;
import io.solider.tasks.reid.index.EmbeddingModel;
import io.solider.tasks.reid.index.GalleryItem;
import io.solider.tasks.reid.index.HnswSettings;
import io.solider.tasks.reid.index.IndexMetadata;
import io.solider.tasks.reid.index.ReidIndexSearcher;
import io.solider.tasks.reid.index.ReidIndexWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code solider reid-index}: gallery features into an on-disk HNSW index for {@code reid-search}. */
@Command(
    name = "reid-index",
    mixinStandardHelpOptions = true,
    description = {
      "Extracts the backbone's pooled features of a gallery (a Market-1501/MSMT17 folder's gallery split, or a "
          + "folder of images) and writes them, L2-normalised, with identity, camera and file to an on-disk "
          + "Lucene HNSW index. The checkpoint, λ and image size are stored in the index for reid-search."
    })
final class ReidIndexCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(ReidIndexCommand.class);

  @Mixin EngineOptions engineOptions;

  @Option(names = "--checkpoint", required = true, paramLabel = "FILE",
      description = "Re-id model or SOLIDER backbone checkpoint; only the backbone is used.")
  Path checkpoint;

  @Option(names = "--gallery", required = true, paramLabel = "DIR",
      description = "A Market-1501/MSMT17 folder (its gallery split) or a folder of images (identity and camera "
          + "from Market-style names PPPP_cC..., else -1).")
  Path gallery;

  @Option(names = "--index", required = true, paramLabel = "DIR", description = "Index folder (created; an old index there is replaced).")
  Path index;

  @Mixin ArchitectureOptions architecture;

  @Mixin SemanticWeightOption semanticWeight = new SemanticWeightOption(0.2);

  @Mixin NormalizationOption normalization = new NormalizationOption(Normalization.REID);

  @Mixin ImageSizeOption size = new ImageSizeOption(384, 128);

  @Mixin BatchSizeOption batchSize = new BatchSizeOption(16);

  @Option(names = "--hnsw-m", paramLabel = "M", defaultValue = "16",
      description = "HNSW neighbours per node (M). Default: ${DEFAULT-VALUE}.")
  int hnswM;

  @Option(names = "--beam-width", paramLabel = "N", defaultValue = "100",
      description = "HNSW construction beam width (efConstruction). Default: ${DEFAULT-VALUE}.")
  int beamWidth;

  @Override
  public Integer call() throws Exception {
    double semanticWeight = this.semanticWeight.value();
    HnswSettings hnsw = new HnswSettings(hnswM, beamWidth);
    ExtractionConfig config = ExtractionConfig.defaults().withBatchSize(batchSize.value())
        .withSize(size.height(), size.width()).withStages(false).withNormalization(normalization.normalization());
    List<ReidSample> samples = ReidDatasets.gallery(gallery);
    Backbone backbone = architecture.load(checkpoint);
    EmbeddingModel model = new EmbeddingModel(checkpoint.toAbsolutePath().toString(), ReidBackbones.sha256(checkpoint),
        Backbone.describe(backbone.config()), backbone.config().pooledDim(), semanticWeight, size.height(), size.width(),
        normalization.value().toString());
    log.info("indexing {} gallery images of {} at λ {}", samples.size(), gallery, semanticWeight);
    PooledFeatures features = new FeatureExtractor(backbone, config, engineOptions.engine())
        .pooledFeatures(gallery, samples.stream().map(ReidSample::image).toList(), semanticWeight);
    long t0 = System.nanoTime();
    IndexMetadata meta;
    try (ReidIndexWriter w = ReidIndexWriter.create(index, model, hnsw)) {
      for (int r = 0; r < features.size(); r++) {
        ReidSample s = samples.get(features.rows()[r]);
        w.add(new GalleryItem(features.at(0)[r], s.pid(), s.camera(), gallery.relativize(s.image()).toString()));
      }
      meta = w.commit();
    }
    log.info("wrote {} entries ({}-d, λ {}) to {}: {} MB on disk, index built in {} s", meta.entries(),
        model.dimension(), semanticWeight, index, String.format("%.1f", ReidIndexSearcher.sizeOnDisk(index) / 1e6),
        String.format("%.1f", (System.nanoTime() - t0) / 1e9));
    return 0;
  }
}
