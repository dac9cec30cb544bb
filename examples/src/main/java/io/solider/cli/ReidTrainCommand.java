package io.solider.cli;

import io.solider.nn.backbone.SwinConfig;
import io.solider.tasks.reid.data.ReidDatasets;
import io.solider.tasks.reid.data.ReidSplits;
import io.solider.tasks.reid.train.ReidTrainConfig;
import io.solider.tasks.reid.train.ReidTrainOptions;
import io.solider.tasks.reid.train.ReidTrainer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code solider reid-train}: person re-identification training with the SOLIDER-REID recipe. */
@Command(
    name = "reid-train",
    mixinStandardHelpOptions = true,
    description = {
      "Trains person re-identification on a Market-1501 or MSMT17 folder with the SOLIDER-REID recipe (Swin with "
          + "semantic weight, BN neck + bias-free classifier, cross-entropy + soft-margin batch-hard triplet, P x K "
          + "sampler, SGD with cosine warm-up schedule) from a SOLIDER checkpoint or from scratch, then evaluates on "
          + "query/gallery (pooled feature before the BN neck, L2-normalised). Writes model.pth (release layout), "
          + "checkpoint.pth (for --resume), log.jsonl and metrics.json. Defaults are the release's."
    })
public final class ReidTrainCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(ReidTrainCommand.class);

  @Mixin ArchitectureOptions architecture;

  @Option(names = "--data", required = true, paramLabel = "DIR",
      description = "Market-1501 (bounding_box_train/, query/, bounding_box_test/) or MSMT17 (list_*.txt, train/, test/) folder.")
  Path data;

  @Option(names = "--output", required = true, paramLabel = "DIR", description = "Output folder.")
  Path output;

  @Option(names = "--pretrained", paramLabel = "FILE",
      description = "SOLIDER checkpoint to start from (any layout 'extract' reads; its architecture wins over --arch). "
          + "Default: a randomly initialised backbone.")
  Path pretrained;

  @Option(names = "--semantic-weight", defaultValue = "0.2", description = "Semantic weight λ. Default: ${DEFAULT-VALUE}.")
  double semanticWeight;

  @Option(names = "--height", defaultValue = "384", description = "Input height. Default: ${DEFAULT-VALUE}.")
  int height;

  @Option(names = "--width", defaultValue = "128", description = "Input width. Default: ${DEFAULT-VALUE}.")
  int width;

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
      description = "Base learning rate (SOLVER.BASE_LR). Default: 8e-4 for tiny, 2e-4 for small and base (run.sh).")
  Double lr;

  @Option(names = "--weight-decay", defaultValue = "1e-4", description = "Weight decay (biases too). Default: ${DEFAULT-VALUE}.")
  double weightDecay;

  @Option(names = "--label-smoothing", defaultValue = "0", description = "Label smoothing ε of the identity loss (release: off). Default: ${DEFAULT-VALUE}.")
  double labelSmoothing;

  @Option(names = "--eval-every", defaultValue = "0",
      description = "Also evaluate every N epochs (0: only at the end; the release: 10). Default: ${DEFAULT-VALUE}.")
  int evalEvery;

  @Option(names = "--eval-before", description = "Also evaluate the model before training (metrics_initial.json).")
  boolean evalBefore;

  @Option(names = "--seed", defaultValue = "1234", description = "Seed of every random choice (SOLVER.SEED). Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--workers", defaultValue = "2", description = "Image loading threads. Default: ${DEFAULT-VALUE}.")
  int workers;

  @Option(names = "--max-iterations", defaultValue = "0",
      description = "Stop (with a checkpoint, then evaluate) after this many steps in total (0: run all epochs). Default: ${DEFAULT-VALUE}.")
  long maxIterations;

  @Option(names = "--resume", description = "Continue from OUTPUT/checkpoint.pth (its configuration wins).")
  boolean resume;

  @Option(names = "--ui", description = "Serve the DL4J training UI while training.")
  boolean ui;

  @Option(names = "--ui-port", defaultValue = "9000", description = "Port of the training UI. Default: ${DEFAULT-VALUE}.")
  int uiPort;

  @Override
  public Integer call() throws Exception {
    SwinConfig backbone = architecture.config();
    String arch = architecture.arch;
    double baseLr = lr != null ? lr : "small".equals(arch) || "base".equals(arch)
        ? ReidTrainConfig.SMALL_BASE_LR : ReidTrainConfig.TINY_LR;
    ReidTrainConfig config = new ReidTrainConfig(backbone, pretrained == null ? null : pretrained.toString(),
        semanticWeight, height, width, identitiesPerBatch, imagesPerIdentity, epochs, warmupEpochs, baseLr, 0.01,
        0.002, 2, 0.9, weightDecay, weightDecay, labelSmoothing, 1, 1, 0.5, 10, 0.5, evalEvery, seed);
    if (pretrained != null && !Files.isRegularFile(pretrained)) {
      throw new NoSuchFileException(pretrained.toString(), null, "--pretrained checkpoint not found");
    }
    ReidSplits splits = ReidDatasets.read(data);
    ReidTrainOptions options = new ReidTrainOptions(output, resume, maxIterations, evalBefore, true, workers, 32,
        Duration.ofSeconds(10), true);
    ReidTrainer trainer = new ReidTrainer(config, options);
    AutoCloseable monitor = ui ? TrainingMonitors.start(trainer, uiPort) : () -> { };
    try {
      ReidTrainer.Result r = trainer.train(splits);
      log.info("done: {} steps this run; {}; model in {} (continue an interrupted run with --resume)",
          r.steps().size(), r.evaluation(), output.resolve(ReidTrainer.MODEL));
    } finally {
      monitor.close();
    }
    return 0;
  }
}
