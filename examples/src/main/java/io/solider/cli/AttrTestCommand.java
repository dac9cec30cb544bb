package io.solider.cli;

import io.solider.cli.options.ArchitectureOptions;
import io.solider.cli.options.BatchSizeOption;
import io.solider.cli.options.EngineOptions;
import io.solider.cli.options.ImageSizeOption;
import io.solider.cli.options.SemanticWeightsOption;
import io.solider.tasks.attribute.AttributeTest;
import io.solider.tasks.attribute.data.AttributeDatasets;
import io.solider.tasks.attribute.train.AttributeModel;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code solider attr-test}: the release's attribute metrics of a model on a data set's test split, over semantic weights. */
@Command(
    name = "attr-test",
    mixinStandardHelpOptions = true,
    description = {
      "Tests an attribute model on the test split of a PA-100K or CSV attribute folder at each semantic weight with "
          + "the release's test transform and metrics (get_pedestrian_metrics, threshold 0.5). Writes metrics.json "
          + "(attr-eval's keys for the best weight by mA, every weight under by_semantic_weight), label_ma.png "
          + "(mA per attribute), lambda.png (several weights) and probs.npy / labels.npy of the best weight."
    })
final class AttrTestCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(AttrTestCommand.class);

  @Option(names = "--checkpoint", required = true, paramLabel = "FILE",
      description = "Attribute model: attr-train's model.pth, model_best.pth or checkpoint.pth, or the release's "
          + "save_ckpt file or state dict.")
  Path checkpoint;

  @Option(names = "--data", required = true, paramLabel = "DIR",
      description = "PA-100K folder (annotation.mat, data/) or CSV folder (train.csv, test.csv); its test split is used.")
  Path data;

  @Option(names = "--output", required = true, paramLabel = "DIR",
      description = "Output folder: metrics.json, label_ma.png, lambda.png (several λ), probs.npy, labels.npy.")
  Path output;

  @Mixin ArchitectureOptions architecture;

  @Mixin ImageSizeOption size = new ImageSizeOption(256, 128);

  @Mixin SemanticWeightsOption semanticWeights = new SemanticWeightsOption(0.8);

  @Mixin BatchSizeOption batchSize = new BatchSizeOption(64);

  @Mixin EngineOptions engine;

  @Override
  public Integer call() throws Exception {
    AttributeTest.Config config = new AttributeTest.Config(size.size(), semanticWeights.values(), batchSize.value(),
        engine.engine());
    var dataset = AttributeDatasets.read(data);
    AttributeModel model = AttributeModels.load(checkpoint, architecture);
    AttributeTest.run(model, checkpoint, dataset, data, config, output);
    log.info("wrote {}", output);
    return 0;
  }
}
