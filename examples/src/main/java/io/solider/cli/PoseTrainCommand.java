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
import io.solider.tasks.pose.train.PoseCheckpoint;
import io.solider.tasks.pose.train.PoseStepStats;
import io.solider.tasks.pose.train.PoseTrainConfig;
import io.solider.tasks.pose.train.PoseTrainer;
import io.solider.tasks.pose.train.PoseTraining;
import io.solider.ui.PoseMonitor;
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

/** {@code solider pose-train}: top-down COCO keypoint training with SOLIDER-HumanPose's recipe. */
@Command(
    name = "pose-train",
    mixinStandardHelpOptions = true,
    description = {
      "Trains top-down human pose estimation on a COCO keypoints folder (annotations/person_keypoints_"
          + "{train2017,val2017}.json, train2017/, val2017/) with SOLIDER-HumanPose's recipe (Swin with semantic "
          + "weight and strides 4,2,1,1, deconvolution head to 17 heatmaps at 1/4 of the crop, σ-2 Gaussian targets, "
          + "joints MSE with target weights, flip / half-body / scale / rotation augmentation, AdamW with step decay "
          + "and linear warm-up) from a SOLIDER checkpoint or from scratch, then evaluates on val2017 (flip test, "
          + "rescoring, OKS-NMS, COCO keypoint AP). Writes model.pth (release layout), checkpoint.pth (for --resume), "
          + "log.jsonl, metrics.json and run.json. Defaults are the release's for the backbone's size."
    })
public final class PoseTrainCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(PoseTrainCommand.class);

  @Spec CommandSpec spec;

  @Mixin ArchitectureOptions architecture;

  @Mixin TrainingRunOptions run;

  @Mixin EvaluationOptions evaluation;

  @Mixin ImageSizeOption size = new ImageSizeOption(384, 288);

  @Mixin SemanticWeightOption semanticWeight = new SemanticWeightOption(0.8);

  @Mixin SeedOption seed = new SeedOption(0);

  @Option(names = "--data", required = true, paramLabel = "DIR",
      description = "COCO folder: annotations/person_keypoints_train2017.json (and _val2017.json), train2017/, val2017/.")
  Path data;

  @Option(names = "--pretrained", paramLabel = "FILE",
      description = "SOLIDER checkpoint to start from (any layout 'extract' reads). Default: a randomly initialised backbone.")
  Path pretrained;

  @Option(names = "--boxes", paramLabel = "DETS.json",
      description = "Person detections (COCO results list of bbox + score) for the evaluation's boxes, as the release's "
          + "reported number uses. Default: the ground truth's boxes.")
  Path boxes;

  @Option(names = {"--batch-size", "--batch"}, paramLabel = "N",
      description = "People per step (the release's 8 GPUs x samples_per_gpu). Default: 128 for tiny, 64 for small, 96 for base.")
  Integer batchSize;

  @Option(names = "--epochs", paramLabel = "N",
      description = "Training epochs (total_epochs). Default: 210 (tiny, small), 160 (base).")
  Integer epochs;

  @Option(names = "--lr-steps", split = ",", paramLabel = "E,E",
      description = "Epochs after which the learning rate is multiplied by 0.1 (lr_config step). "
          + "Default: 170,200 (tiny, small), 120,150 (base).")
  List<Integer> lrSteps;

  @Option(names = "--lr", paramLabel = "LR",
      description = "AdamW learning rate. Default: 7e-4 for tiny (and smaller), 1e-3 for small and base.")
  Double lr;

  @Option(names = "--weight-decay", paramLabel = "WD",
      description = "AdamW weight decay (none on relative position bias tables). Default: 0 for tiny, 0.01 for small and base.")
  Double weightDecay;

  @Option(names = "--warmup-iterations", defaultValue = "11710", paramLabel = "N",
      description = "Linear warm-up iterations (warmup_iters; ratio 0.001). Default: ${DEFAULT-VALUE}.")
  int warmupIterations;

  @Option(names = "--sigma", defaultValue = "2", paramLabel = "PX",
      description = "Gaussian σ of the heatmap targets in heatmap pixels (TopDownGenerateTarget sigma). "
          + "The release's 2 is for 96×72 heatmaps; at small crops (16×12 heatmaps) it merges left and right "
          + "joints, use 1. Default: ${DEFAULT-VALUE}.")
  int sigma;

  @Option(names = "--flip-test", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Evaluate with the flip test (test_cfg flip_test); --no-flip-test turns it off. Default: on.")
  boolean flipTest;

  @Override
  public Integer call() throws Exception {
    if (pretrained != null && !Files.isRegularFile(pretrained)) {
      throw new NoSuchFileException(pretrained.toString(), null, "--pretrained checkpoint not found");
    }
    if (boxes != null && !Files.isRegularFile(boxes)) {
      throw new NoSuchFileException(boxes.toString(), null, "--boxes file not found");
    }
    SwinConfig arch = pretrained != null ? Backbone.architectureOf(pretrained) : architecture.config();
    architecture.requireMatches(arch, pretrained != null ? pretrained : "--arch");
    PoseTrainConfig release = PoseTrainConfig.release(arch);
    PoseTrainConfig.Builder b = release.toBuilder()
        .pretrained(pretrained == null ? null : pretrained.toString())
        .semanticWeight(semanticWeight.value())
        .input(size.height(), size.width())
        .epochs(epochs != null ? epochs : release.schedule().epochs(),
            lrSteps != null ? lrSteps : release.schedule().steps())
        .warmup(warmupIterations, release.schedule().warmupRatio())
        .flipTest(flipTest)
        .augmentation(release.augmentation().withSigma(sigma))
        .seed(seed.value());
    if (batchSize != null) {
      b.batchSize(batchSize);
    }
    if (lr != null) {
      b.lr(lr);
    }
    if (weightDecay != null) {
      b.weightDecay(weightDecay);
    }
    PoseTrainConfig config = b.build();
    PoseTrainer trainer = new PoseTrainer(config, run.options(spec.commandLine().getParseResult().originalArgs()),
        evaluation.plan(), boxes);
    try (TrainingUi ui = run.startUi()) {
      if (ui != null) {
        trainer.addListener(new PoseMonitor(ui.storage()));
      }
      TrainingResult<PoseTraining, PoseStepStats> r = trainer.train(data);
      log.info("done: {} steps this run; {}; model in {} (continue an interrupted run with --resume)",
          r.steps().size(), r.evaluation() == null ? "not evaluated" : r.evaluation().summary(),
          run.output().resolve(PoseCheckpoint.MODEL));
    }
    return 0;
  }
}
