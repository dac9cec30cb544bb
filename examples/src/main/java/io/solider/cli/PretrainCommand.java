package io.solider.cli;

import io.solider.cli.options.ArchitectureOptions;
import io.solider.cli.options.BatchSizeOption;
import io.solider.cli.options.ImageSizeOption;
import io.solider.cli.options.RecomputeOption;
import io.solider.cli.options.SeedOption;
import io.solider.cli.options.TrainingRunOptions;
import io.solider.nn.backbone.Backbone;
import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.image.ImageSize;
import io.solider.nn.train.TrainingResult;
import io.solider.ssl.augment.MultiCropConfig;
import io.solider.ssl.augment.MultiCropLoader;
import io.solider.ssl.heads.HeadConfig;
import io.solider.ssl.trainer.PretrainCheckpoint;
import io.solider.ssl.trainer.PretrainConfig;
import io.solider.ssl.trainer.SoliderPretraining;
import io.solider.ssl.trainer.SoliderTrainer;
import io.solider.ssl.trainer.StepStats;
import io.solider.ui.PretrainMonitor;
import io.solider.ui.TrainingUi;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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

  @Spec CommandSpec spec;

  @Mixin ArchitectureOptions architecture;

  @Mixin TrainingRunOptions run;

  @Mixin RecomputeOption recompute;

  /** The global crops' size, the backbone's input in pretraining. */
  @Mixin ImageSizeOption size = new ImageSizeOption(256, 128);

  @Mixin SeedOption seed = new SeedOption(0);

  @Option(names = "--data", required = true, paramLabel = "DIR",
      description = "Folder of person images (searched recursively; jpg, png, bmp, gif).")
  Path data;

  @Option(names = "--drop-path", defaultValue = "0.1", paramLabel = "P",
      description = "Drop-path rate of the student backbone's last block. Default: ${DEFAULT-VALUE}.")
  double dropPath;

  @Option(names = "--epochs", defaultValue = "100", description = "Training epochs. Default: ${DEFAULT-VALUE}.")
  int epochs;

  @Mixin BatchSizeOption batchSize = new BatchSizeOption(48);

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

  @Option(names = "--semantic-loss", defaultValue = "1.0",
      description = "Weight of the semantic loss (0: no clustering, no masked views). Default: ${DEFAULT-VALUE}.")
  double semanticLoss;

  @Option(names = "--fixed-lambda", paramLabel = "λ",
      description = "Give every image this λ instead of drawing 0 or 1 per image (the release); with "
          + "--semantic-loss 0 this is plain DINO, the paper's ablation. Default: drawn.")
  Double fixedLambda;

  @Option(names = "--train-part-classifier", defaultValue = "false",
      description = "Also train the part classifier (the release never does). Default: ${DEFAULT-VALUE}.")
  boolean trainPartClassifier;

  @Option(names = "--local-size", defaultValue = "128x64", converter = ImageSizeOption.Converter.class,
      description = "Local crop size HxW. Default: ${DEFAULT-VALUE}.")
  ImageSize localSize;

  @Option(names = "--local-crops", defaultValue = "8", description = "Local crops per image. Default: ${DEFAULT-VALUE}.")
  int localCrops;

  @Override
  public Integer call() throws Exception {
    SwinConfig backbone = architecture.config().withDropPathRate(dropPath);
    MultiCropConfig crops = MultiCropConfig.release().withSizes(size.height(), size.width(), localSize.height(),
        localSize.width()).withLocalCrops(localCrops);
    PretrainConfig config = PretrainConfig.release(backbone).toBuilder()
        .crops(crops)
        .heads(HeadConfig.dino().withWidths(headHidden, headBottleneck).withOutDim(outDim),
            HeadConfig.partClassifier(parts).withWidths(headHidden, headBottleneck))
        .semantic(new PretrainConfig.Semantic(parts, semanticLoss, trainPartClassifier, fixedLambda))
        .schedule(new PretrainConfig.Schedule(epochs, warmupEpochs, lr, minLr, weightDecay, weightDecayEnd))
        .training(new PretrainConfig.Training(batchSize.value(), clipGrad, freezeLastLayer))
        .teacherMomentum(momentumTeacher)
        .teacherTemperature(teacherTemp)
        .seed(seed.value())
        .build();
    log.info("pretraining {} on {} (batch {}, {} epochs, peak lr {})", Backbone.describe(backbone), data,
        batchSize.value(),
        epochs, config.peakLr());
    SoliderTrainer trainer = new SoliderTrainer(config,
        run.options(spec.commandLine().getParseResult().originalArgs()), recompute.value());
    try (TrainingUi ui = run.startUi();
        MultiCropLoader loader = MultiCropLoader.ofFolder(data, crops, batchSize.value(), run.workers(), seed.value())) {
      if (ui != null) {
        trainer.addListener(new PretrainMonitor(ui.storage()));
      }
      TrainingResult<SoliderPretraining, StepStats> r = trainer.train(loader);
      log.info("done: {} iterations; teacher in {}", r.steps().size(), run.output().resolve(PretrainCheckpoint.TEACHER));
    }
    return 0;
  }
}
