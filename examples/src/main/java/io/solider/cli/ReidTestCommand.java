package io.solider.cli;

import io.solider.cli.options.EngineOptions;
import io.solider.cli.options.ArchitectureOptions;
import io.solider.cli.options.BatchSizeOption;
import io.solider.cli.options.ImageSizeOption;
import io.solider.cli.options.NormalizationOption;
import io.solider.cli.options.NormalizationOption.Normalization;
import io.solider.cli.options.RerankOptions;
import io.solider.cli.options.SemanticWeightsOption;
import io.solider.nn.backbone.Backbone;
import io.solider.tasks.reid.ReidTest;
import io.solider.tasks.reid.data.ReidDatasets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code solider reid-test}: mAP and CMC of a checkpoint on a re-id data set, over semantic weights. */
@Command(
    name = "reid-test",
    mixinStandardHelpOptions = true,
    description = {
      "Tests a checkpoint on a re-id data set (Market-1501 or MSMT17 layout): extracts the backbone's pooled "
          + "features of the query and gallery images at each semantic weight, evaluates them with the release's "
          + "protocol (optionally k-reciprocal re-ranking) and writes metrics.json, cmc.png and, for several "
          + "weights, lambda.png (mAP and rank-1 over λ)."
    })
final class ReidTestCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(ReidTestCommand.class);

  @Mixin EngineOptions engineOptions;

  @Option(names = "--checkpoint", required = true, paramLabel = "FILE",
      description = "Re-id model (base.* backbone + neck + classifier) or any SOLIDER backbone checkpoint; only the backbone is used.")
  Path checkpoint;

  @Option(names = "--data", required = true, paramLabel = "DIR",
      description = "Re-id data folder: Market-1501 (query/, bounding_box_test/) or MSMT17 (list_query.txt, test/, ...).")
  Path data;

  @Option(names = "--output", required = true, paramLabel = "DIR",
      description = "Output folder: metrics.json, cmc.png, lambda.png (several λ).")
  Path output;

  @Mixin ArchitectureOptions architecture;

  @Mixin NormalizationOption normalization = new NormalizationOption(Normalization.REID);

  @Mixin ImageSizeOption size = new ImageSizeOption(384, 128);

  @Mixin SemanticWeightsOption semanticWeights = new SemanticWeightsOption(0.2);

  @Mixin RerankOptions rerank;

  @Mixin BatchSizeOption batchSize = new BatchSizeOption(16);

  @Override
  public Integer call() throws Exception {
    ReidTest.Config config = new ReidTest.Config(size.size(), normalization.normalization(), semanticWeights.values(),
        rerank.enabled() ? rerank.options() : null, batchSize.value(), engineOptions.engine());
    var splits = ReidDatasets.read(data);
    Backbone backbone = architecture.load(checkpoint);
    ReidTest.run(backbone, checkpoint, splits, data, config, output);
    log.info("wrote {}", output);
    return 0;
  }
}
