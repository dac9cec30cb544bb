package io.solider.cli;

import io.solider.cli.options.ArchitectureOptions;
import io.solider.cli.options.EvaluationOptions;
import io.solider.cli.options.ImageSizeOption;
import io.solider.cli.options.SeedOption;
import io.solider.cli.options.SemanticWeightOption;
import io.solider.cli.options.TrainingRunOptions;
import io.solider.nn.backbone.Backbone;
import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.train.TrainingResult;
import io.solider.tasks.reid.data.ReidDatasets;
import io.solider.tasks.reid.data.ReidSplits;
import io.solider.tasks.reid.train.ReidCheckpoint;
import io.solider.tasks.reid.train.ReidStepStats;
import io.solider.tasks.reid.train.ReidTrainConfig;
import io.solider.tasks.reid.train.ReidTrainer;
import io.solider.tasks.reid.train.ReidTraining;
import io.solider.ui.ReidMonitor;
import io.solider.ui.TrainingUi;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code solider reid-train}: person re-identification training with the SOLIDER-REID recipe. */
@Command(
    name = "reid-train",
    mixinStandardHelpOptions = true,
    description = {
      "Trains person re-identification on a Market-1501 or MSMT17 folder with the SOLIDER-REID recipe (Swin with "
          + "semantic weight, BN neck + bias-free classifier, cross-entropy + soft-margin batch-hard triplet, P x K "
          + "sampler, SGD with cosine warm-up schedule) from a SOLIDER checkpoint or from scratch, then evaluates on "
          + "query/gallery (pooled feature before the BN neck, L2-normalised). Writes model.pth (release layout), "
          + "checkpoint.pth (for --resume), log.jsonl, metrics.json and run.json. Defaults are the release's."
    })
public final class ReidTrainCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(ReidTrainCommand.class);

  @Spec CommandSpec spec;

  @Mixin ArchitectureOptions architecture;

  @Mixin TrainingRunOptions run;

  @Mixin EvaluationOptions evaluation;

  @Mixin ImageSizeOption size = new ImageSizeOption(384, 128);

  @Mixin SemanticWeightOption semanticWeight = new SemanticWeightOption(0.2);

  @Mixin SeedOption seed = new SeedOption(1234);

  @Option(names = "--data", required = true, paramLabel = "DIR",
      description = "Market-1501 (bounding_box_train/, query/, bounding_box_test/) or MSMT17 (list_*.txt, train/, test/) folder.")
  Path data;

  @Option(names = "--pretrained", paramLabel = "FILE",
      description = "SOLIDER checkpoint to start from (any layout 'extract' reads). Default: a randomly initialised backbone.")
  Path pretrained;

  @Option(names = "--drop-path", defaultValue = "0.1", paramLabel = "P",
      description = "Drop-path rate of the backbone's last block (MODEL.DROP_PATH). Default: ${DEFAULT-VALUE}.")
  double dropPath;

  @Option(names = "--identities-per-batch", defaultValue = "16", paramLabel = "P",
      description = "Identities per batch P (batch = P x K). Default: ${DEFAULT-VALUE}.")
  int identitiesPerBatch;

  @Option(names = "--images-per-identity", defaultValue = "4", paramLabel = "K",
      description = "Images per identity K (DATALOADER.NUM_INSTANCE). Default: ${DEFAULT-VALUE}.")
  int imagesPerIdentity;

  @Option(names = "--epochs", defaultValue = "120", description = "Training epochs. Default: ${DEFAULT-VALUE}.")
  int epochs;

  @Option(names = "--warmup-epochs", defaultValue = "20", description = "Linear warm-up epochs. Default: ${DEFAULT-VALUE}.")
  int warmupEpochs;

  @Option(names = "--lr", paramLabel = "LR",
      description = "Base learning rate (SOLVER.BASE_LR). Default: run.sh's for the backbone trained: 8e-4 for tiny, "
          + "2e-4 for small and base.")
  Double lr;

  @Option(names = "--weight-decay", defaultValue = "1e-4", description = "Weight decay (biases too). Default: ${DEFAULT-VALUE}.")
  double weightDecay;

  @Option(names = "--label-smoothing", defaultValue = "0",
      description = "Label smoothing ε of the identity loss (release: off). Default: ${DEFAULT-VALUE}.")
  double labelSmoothing;

  @Override
  public Integer call() throws Exception {
    if (pretrained != null && !Files.isRegularFile(pretrained)) {
      throw new NoSuchFileException(pretrained.toString(), null, "--pretrained checkpoint not found");
    }
    SwinConfig arch = pretrained != null ? Backbone.architectureOf(pretrained) : architecture.config();
    architecture.requireMatches(arch, pretrained != null ? pretrained : "--arch");
    ReidTrainConfig config = ReidTrainConfig.release(arch.withDropPathRate(dropPath)).toBuilder()
        .pretrained(pretrained == null ? null : pretrained.toString())
        .semanticWeight(semanticWeight.value())
        .input(size.height(), size.width())
        .batch(identitiesPerBatch, imagesPerIdentity)
        .epochs(epochs, warmupEpochs)
        .baseLr(lr != null ? lr : ReidTrainConfig.releaseBaseLr(arch))
        .weightDecay(weightDecay)
        .labelSmoothing(labelSmoothing)
        .seed(seed.value())
        .build();
    ReidSplits splits = ReidDatasets.read(data);
    ReidTrainer trainer = new ReidTrainer(config, run.options(spec.commandLine().getParseResult().originalArgs()),
        evaluation.plan());
    try (TrainingUi ui = run.startUi()) {
      if (ui != null) {
        trainer.addListener(new ReidMonitor(ui.storage()));
      }
      TrainingResult<ReidTraining, ReidStepStats> r = trainer.train(splits);
      log.info("done: {} steps this run; {}; model in {} (continue an interrupted run with --resume)",
          r.steps().size(), r.evaluation() == null ? "not evaluated" : r.evaluation().summary(),
          run.output().resolve(ReidCheckpoint.MODEL));
    }
    return 0;
  }
}
