package io.solider.cli;

import io.solider.cli.options.ArchitectureOptions;
import io.solider.cli.options.BatchSizeOption;
import io.solider.cli.options.EngineOptions;
import io.solider.cli.options.EvaluationOptions;
import io.solider.cli.options.ImageSizeOption;
import io.solider.cli.options.SeedOption;
import io.solider.cli.options.SemanticWeightOption;
import io.solider.cli.options.TrainingRunOptions;
import io.solider.nn.backbone.Backbone;
import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.image.ImageSize;
import io.solider.nn.train.TrainingResult;
import io.solider.tasks.detection.CspDetector;
import io.solider.tasks.detection.data.CityPersons;
import io.solider.tasks.detection.metric.DetectionJson;
import io.solider.tasks.detection.train.CspCheckpoint;
import io.solider.tasks.detection.train.CspStepStats;
import io.solider.tasks.detection.train.CspTrainConfig;
import io.solider.tasks.detection.train.CspTrainer;
import io.solider.tasks.detection.train.CspTraining;
import io.solider.ui.DetMonitor;
import io.solider.ui.TrainingUi;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code solider det-train}: CSP pedestrian-detection training with the SOLIDER release's recipe. */
@Command(
    name = "det-train",
    mixinStandardHelpOptions = true,
    description = {
      "Trains CSP pedestrian detection on a CityPersons folder (train.json, val_gt.json, leftImg8bit_trainvaltest/) "
          + "with the SOLIDER-PedestrianDetection recipe (Swin with semantic weight, strides 4,2,2,1, stages 1-3 into "
          + "the CSP neck and centre/scale/offset head; Adam with constant warm-up and step decay; mean teacher) "
          + "from a SOLIDER checkpoint or from scratch, then evaluates the mean teacher on val with the CityPersons "
          + "log-average miss rate. Writes model.pth and model.pth.stu (release layouts), checkpoint.pth (for "
          + "--resume), log.jsonl, metrics.json and run.json. Defaults are the release's."
    })
public final class DetTrainCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(DetTrainCommand.class);

  @Spec CommandSpec spec;

  @Mixin ArchitectureOptions architecture;

  @Mixin TrainingRunOptions run;

  @Mixin EvaluationOptions evaluation;

  @Mixin EngineOptions engine;

  @Mixin ImageSizeOption size = new ImageSizeOption(1024, 2048);

  @Mixin SemanticWeightOption semanticWeight = new SemanticWeightOption(1.0);

  @Mixin SeedOption seed = new SeedOption(0);

  @Mixin BatchSizeOption batch = new BatchSizeOption(3);

  @Option(names = "--data", required = true, paramLabel = "DIR",
      description = "CityPersons folder: train.json, val_gt.json, leftImg8bit_trainvaltest/leftImg8bit/{train,val}/.")
  Path data;

  @Option(names = "--pretrained", paramLabel = "FILE",
      description = "SOLIDER checkpoint to start from (any layout 'extract' reads). Default: a randomly initialised backbone.")
  Path pretrained;

  @Option(names = "--test-size", defaultValue = "1024x2048", paramLabel = "HxW",
      converter = ImageSizeOption.Converter.class,
      description = "Evaluation: each val image is rescaled to fit this (the release: CityPersons' 1024x2048 as it is). "
          + "Default: ${DEFAULT-VALUE}.")
  ImageSize testSize;

  @Option(names = "--drop-path", defaultValue = "0.1", paramLabel = "P",
      description = "Drop-path rate of the backbone's last block (SwinTiny/Small/Base). Default: ${DEFAULT-VALUE}.")
  double dropPath;

  @Option(names = "--epochs", defaultValue = "240", description = "Training epochs. Default: ${DEFAULT-VALUE}.")
  int epochs;

  @Option(names = "--lr-steps", defaultValue = "110,160", split = ",", paramLabel = "EPOCH",
      description = "Epochs at which the learning rate is multiplied by 0.1. Default: ${DEFAULT-VALUE}.")
  List<Integer> lrSteps;

  @Option(names = "--lr", defaultValue = "1e-4", paramLabel = "LR", description = "Adam learning rate. Default: ${DEFAULT-VALUE}.")
  double lr;

  @Option(names = "--weight-decay", defaultValue = "0", description = "Adam's (coupled) weight decay. Default: ${DEFAULT-VALUE}.")
  double weightDecay;

  @Option(names = "--warmup-iterations", defaultValue = "500", paramLabel = "N",
      description = "Iterations at a third of the learning rate (constant warm-up). Default: ${DEFAULT-VALUE}.")
  int warmupIterations;

  @Option(names = "--mean-teacher", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Keep, save (model.pth.stu) and evaluate the mean teacher, as the release. Default: ${DEFAULT-VALUE}.")
  boolean meanTeacher;

  @Option(names = "--mean-teacher-alpha", defaultValue = "0.999", paramLabel = "A",
      description = "Mean-teacher average: t = A t + (1 - A) s after every step. Default: ${DEFAULT-VALUE}.")
  double alpha;

  @Option(names = "--neck-channels", defaultValue = "256", paramLabel = "N",
      description = "Channels of each of the neck's three maps (release 256; smaller for CPU runs). Default: ${DEFAULT-VALUE}.")
  int neckChannels;

  @Option(names = "--head-channels", defaultValue = "256", paramLabel = "N",
      description = "Channels of each head branch, a multiple of 32 (release 256). Default: ${DEFAULT-VALUE}.")
  int headChannels;

  @Option(names = "--resize-range", defaultValue = "0.4,1.5", split = ",", paramLabel = "R",
      description = "Training resize factors min,max, before cropping or pasting. Default: ${DEFAULT-VALUE}.")
  List<Double> resizeRange;

  @Override
  public Integer call() throws Exception {
    if (pretrained != null && !Files.isRegularFile(pretrained)) {
      throw new NoSuchFileException(pretrained.toString(), null, "--pretrained checkpoint not found");
    }
    if (resizeRange.size() != 2) {
      throw new IllegalArgumentException("--resize-range takes two factors min,max, got " + resizeRange);
    }
    SwinConfig arch = pretrained != null ? Backbone.architectureOf(pretrained) : architecture.config();
    architecture.requireMatches(arch.withOutIndices(0, 1, 2, 3), pretrained != null ? pretrained : "--arch");
    CspTrainConfig release = CspTrainConfig.release(arch);
    CspTrainConfig.Augmentation a = release.augmentation();
    CspTrainConfig config = release.toBuilder()
        .arch(arch.withDropPathRate(dropPath))
        .pretrained(pretrained == null ? null : pretrained.toString())
        .semanticWeight(semanticWeight.value())
        .widths(neckChannels, headChannels)
        .crop(size.height(), size.width())
        .testScale(testSize.height(), testSize.width())
        .batch(batch.value())
        .lr(lr)
        .weightDecay(weightDecay)
        .epochs(epochs, lrSteps)
        .warmup(warmupIterations, release.schedule().warmupRatio())
        .meanTeacher(meanTeacher, alpha)
        .augmentation(new CspTrainConfig.Augmentation(resizeRange.get(0), resizeRange.get(1), a.minBrightness(),
            a.maxBrightness()))
        .seed(seed.value())
        .build();
    CspTrainer.Data splits = new CspTrainer.Data(data.toString(), CityPersons.read(data, "train"),
        CityPersons.read(data, "val"), DetectionJson.cityPersonsGroundTruth(data, "val"));
    CspTrainer trainer = new CspTrainer(config, run.options(spec.commandLine().getParseResult().originalArgs()),
        evaluation.plan(), CspDetector.Config.release().withEngine(engine.engine()));
    try (TrainingUi ui = run.startUi()) {
      if (ui != null) {
        trainer.addListener(new DetMonitor(ui.storage()));
      }
      TrainingResult<CspTraining, CspStepStats> r = trainer.train(splits);
      log.info("done: {} steps this run; {}; model in {} (continue an interrupted run with --resume)",
          r.steps().size(), r.evaluation() == null ? "not evaluated" : r.evaluation().summary(),
          run.output().resolve(config.meanTeacher().enabled() ? CspCheckpoint.TEACHER : CspCheckpoint.MODEL));
    }
    return 0;
  }
}
