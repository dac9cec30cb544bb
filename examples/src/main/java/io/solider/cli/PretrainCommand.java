package io.solider.cli;

import io.solider.nn.backbone.SwinConfig;
import io.solider.ssl.augment.MultiCropConfig;
import io.solider.ssl.augment.MultiCropLoader;
import io.solider.ssl.heads.HeadConfig;
import io.solider.ssl.trainer.PretrainConfig;
import io.solider.ssl.trainer.SoliderTrainer;
import io.solider.ssl.trainer.TrainerOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code solider pretrain}: SOLIDER self-supervised pretraining on a folder of unlabelled person images. */
@Command(
    name = "pretrain",
    mixinStandardHelpOptions = true,
    description = {
      "SOLIDER pretraining (DINO self-distillation + semantic clustering + semantic controller) on a folder of "
          + "unlabelled person images. Writes checkpoint.pth (full state, for --resume), teacher.pth (release "
          + "layout, usable by 'extract') and log.jsonl to the output folder. Defaults are the release's."
    })
public final class PretrainCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(PretrainCommand.class);

  @Mixin ArchitectureOptions architecture;

  @Option(names = "--data", required = true, paramLabel = "DIR",
      description = "Folder of person images (searched recursively; jpg, png, bmp, gif).")
  Path data;

  @Option(names = "--output", required = true, paramLabel = "DIR", description = "Output folder.")
  Path output;

  @Option(names = "--epochs", defaultValue = "100", description = "Training epochs. Default: ${DEFAULT-VALUE}.")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "48",
      description = "Images per step (the release: 48 per GPU on 8 GPUs). Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Option(names = "--lr", defaultValue = "5e-4",
      description = "Peak learning rate for a batch of 256, scaled by batch/256. Default: ${DEFAULT-VALUE}.")
  double lr;

  @Option(names = "--min-lr", defaultValue = "1e-6", description = "Final learning rate. Default: ${DEFAULT-VALUE}.")
  double minLr;

  @Option(names = "--warmup-epochs", defaultValue = "10", description = "Learning-rate warm-up epochs. Default: ${DEFAULT-VALUE}.")
  int warmupEpochs;

  @Option(names = "--weight-decay", defaultValue = "0.04", description = "Initial weight decay. Default: ${DEFAULT-VALUE}.")
  double weightDecay;

  @Option(names = "--weight-decay-end", defaultValue = "0.4", description = "Final weight decay. Default: ${DEFAULT-VALUE}.")
  double weightDecayEnd;

  @Option(names = "--clip-grad", defaultValue = "3.0",
      description = "Per-parameter gradient-norm clip, 0 disables. Default: ${DEFAULT-VALUE}.")
  double clipGrad;

  @Option(names = "--freeze-last-layer", defaultValue = "1",
      description = "Epochs during which the DINO head's last layer is frozen. Default: ${DEFAULT-VALUE}.")
  int freezeLastLayer;

  @Option(names = "--momentum-teacher", defaultValue = "0.996",
      description = "Teacher EMA momentum at the start (cosine to 1). Default: ${DEFAULT-VALUE}.")
  double momentumTeacher;

  @Option(names = "--teacher-temp", defaultValue = "0.04", description = "DINO teacher temperature. Default: ${DEFAULT-VALUE}.")
  double teacherTemp;

  @Option(names = "--out-dim", defaultValue = "65536", description = "DINO head outputs K. Default: ${DEFAULT-VALUE}.")
  int outDim;

  @Option(names = "--head-hidden", defaultValue = "2048", description = "Hidden width of both heads. Default: ${DEFAULT-VALUE}.")
  int headHidden;

  @Option(names = "--head-bottleneck", defaultValue = "256", description = "Bottleneck width of both heads. Default: ${DEFAULT-VALUE}.")
  int headBottleneck;

  @Option(names = "--parts", defaultValue = "3", description = "Body parts P of the semantic clustering. Default: ${DEFAULT-VALUE}.")
  int parts;

  @Option(names = "--semantic-loss", defaultValue = "1.0", description = "Weight of the semantic loss. Default: ${DEFAULT-VALUE}.")
  double semanticLoss;

  @Option(names = "--train-part-classifier", defaultValue = "false",
      description = "Also train the part classifier (the release never does). Default: ${DEFAULT-VALUE}.")
  boolean trainPartClassifier;

  @Option(names = "--global-size", defaultValue = "256x128", converter = ImageSize.Converter.class,
      description = "Global crop size HxW (multiple of 32). Default: ${DEFAULT-VALUE}.")
  ImageSize globalSize;

  @Option(names = "--local-size", defaultValue = "128x64", converter = ImageSize.Converter.class,
      description = "Local crop size HxW. Default: ${DEFAULT-VALUE}.")
  ImageSize localSize;

  @Option(names = "--local-crops", defaultValue = "8", description = "Local crops per image. Default: ${DEFAULT-VALUE}.")
  int localCrops;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of every random choice. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--workers", defaultValue = "2", description = "Image loading threads. Default: ${DEFAULT-VALUE}.")
  int workers;

  @Option(names = "--resume", description = "Continue from OUTPUT/checkpoint.pth (its configuration wins).")
  boolean resume;

  @Option(names = "--checkpoint-every", defaultValue = "0",
      description = "Also checkpoint every N iterations (0: each epoch only; touch OUTPUT/SAVE for one now). Default: ${DEFAULT-VALUE}.")
  int checkpointEvery;

  @Option(names = "--max-iterations", defaultValue = "0",
      description = "Stop after this many global iterations (0: run all epochs). Default: ${DEFAULT-VALUE}.")
  long maxIterations;

  @Option(names = "--no-recompute", description = "Keep every activation of the student's backbone (one whole "
      + "graph) instead of recomputing it block by block: same numbers, several times the memory.")
  boolean noRecompute;

  @Option(names = "--ui", description = "Serve the DL4J training UI (overview, model, system pages) while training.")
  boolean ui;

  @Option(names = "--ui-port", defaultValue = "9000", description = "Port of the training UI. Default: ${DEFAULT-VALUE}.")
  int uiPort;

  @Override
  public Integer call() throws Exception {
    SwinConfig backbone = architecture.config();
    MultiCropConfig crops = new MultiCropConfig(globalSize.height(), globalSize.width(), localSize.height(),
        localSize.width(), localCrops, 0.8, 1.0, 0.05, 0.8, 0.4, 0.6);
    PretrainConfig config = new PretrainConfig(backbone, crops,
        new HeadConfig(headHidden, headBottleneck, 3, outDim), new HeadConfig(headHidden, headBottleneck, 3, parts + 1),
        parts, semanticLoss, trainPartClassifier, epochs, batchSize, lr, minLr, warmupEpochs, weightDecay,
        weightDecayEnd, clipGrad, freezeLastLayer, momentumTeacher, teacherTemp, teacherTemp, 0, 0.1, 0.9, seed);
    TrainerOptions options = new TrainerOptions(output, resume, checkpointEvery, maxIterations, Duration.ofSeconds(10),
        true, !noRecompute);
    log.info("pretraining {} on {} (batch {}, {} epochs, peak lr {})", architecture.arch, data, batchSize, epochs,
        config.peakLr());
    SoliderTrainer trainer = new SoliderTrainer(config, options);
    AutoCloseable monitor = ui ? TrainingMonitors.start(trainer, uiPort) : () -> { };
    try (MultiCropLoader loader = MultiCropLoader.ofFolder(data, crops, batchSize, workers, seed)) {
      SoliderTrainer.Result r = trainer.train(loader);
      log.info("done: {} iterations; teacher in {}", r.steps().size(), output.resolve(SoliderTrainer.TEACHER));
    } finally {
      monitor.close();
    }
    return 0;
  }
}
