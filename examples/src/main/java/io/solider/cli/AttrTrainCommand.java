package io.solider.cli;

import io.solider.cli.options.ArchitectureOptions;
import io.solider.cli.options.AttributeRecipeOptions;
import io.solider.cli.options.EvaluationOptions;
import io.solider.cli.options.LowerCaseEnum;
import io.solider.cli.options.TrainingRunOptions;
import io.solider.nn.backbone.Backbone;
import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.train.TrainingResult;
import io.solider.tasks.attribute.train.AttributeStepStats;
import io.solider.tasks.attribute.train.AttributeTrainConfig;
import io.solider.tasks.attribute.train.AttributeTrainConfig.ScheduleKind;
import io.solider.tasks.attribute.train.AttributeTrainer;
import io.solider.tasks.attribute.train.AttributeTraining;
import io.solider.ui.AttributeMonitor;
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

/** {@code solider attr-train}: pedestrian attribute training with the release's PA-100K recipe. */
@Command(
    name = "attr-train",
    mixinStandardHelpOptions = true,
    description = {
      "Trains pedestrian attribute recognition on a PA-100K folder (annotation.mat + data/) or a CSV folder "
          + "(train.csv, test.csv, optional val.csv) with the release's recipe: Swin at semantic weight 0.8, pooled "
          + "norm3 feature, linear classifier, BCE weighted by the training split's positive ratios, Adam, gradient "
          + "norm clipped to 10, ReduceLROnPlateau on the test split's loss after every epoch. Trains on train + val, "
          + "tests on test after every epoch and keeps the model of the best test mA. Writes model.pth (release state "
          + "dict), model_best.pth (release save_ckpt layout), attributes.txt, checkpoint.pth (for --resume), "
          + "log.jsonl, metrics.json and run.json. Defaults are the release's."
    })
public final class AttrTrainCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(AttrTrainCommand.class);

  @Spec CommandSpec spec;

  @Mixin ArchitectureOptions architecture;

  @Mixin TrainingRunOptions run;

  @Mixin EvaluationOptions evaluation;

  @Mixin AttributeRecipeOptions recipe;

  @Option(names = "--pretrained", paramLabel = "FILE",
      description = "SOLIDER checkpoint to start from (any layout 'extract' reads). Default: a randomly initialised backbone.")
  Path pretrained;

  @Option(names = "--freeze-backbone",
      description = "Train the classifier only, on the frozen backbone (a linear probe; not the release's recipe).")
  boolean freezeBackbone;

  @Option(names = "--drop-path", defaultValue = "0", paramLabel = "P",
      description = "Drop-path rate of the backbone's last block (the release's factories: 0). Default: ${DEFAULT-VALUE}.")
  double dropPath;

  @Option(names = "--padding", defaultValue = "auto", paramLabel = "PIXELS|auto",
      description = "Zero padding before the training transform's random crop. auto: the release's 10 pixels scaled "
          + "to the input height, round(10 * H / 256): 10 at 256x128 (the release), 3 at 64x32 (an unscaled 10 "
          + "would shift a 32-wide person by up to a third of its width). Default: ${DEFAULT-VALUE}.")
  String padding;

  @Option(names = "--epochs", defaultValue = "30", description = "Training epochs (TRAIN.MAX_EPOCH). Default: ${DEFAULT-VALUE}.")
  int epochs;

  @Option(names = "--lr", defaultValue = "1e-5", paramLabel = "LR",
      description = "Learning rate of the backbone (LR_SCHEDULER.LR_FT). Default: ${DEFAULT-VALUE}.")
  double lr;

  @Option(names = "--head-lr", defaultValue = "1e-5", paramLabel = "LR",
      description = "Learning rate of the classifier (LR_SCHEDULER.LR_NEW). Default: ${DEFAULT-VALUE}.")
  double headLr;

  @Option(names = "--schedule", defaultValue = "plateau", paramLabel = "KIND", converter = ScheduleConverter.class,
      description = "plateau (ReduceLROnPlateau on the test split's loss; PA-100K, RAP) or multistep (PETA). "
          + "Default: ${DEFAULT-VALUE}.")
  ScheduleKind schedule;

  @Option(names = "--milestones", defaultValue = "10,15", split = ",", paramLabel = "EPOCH",
      description = "Epochs of the multi-step reductions (PETA's LR_STEP). Default: ${DEFAULT-VALUE}.")
  List<Integer> milestones;

  /** {@code --padding}: {@code auto} (the release's, scaled to the input height) or pixels ≥ 0. */
  static int padding(String value, int height) {
    if (value.equalsIgnoreCase("auto")) {
      return AttributeTrainConfig.Augmentation.proportionalPadding(height);
    }
    try {
      int p = Integer.parseInt(value.trim());
      if (p >= 0) {
        return p;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("--padding must be 'auto' or a number of pixels >= 0, got '" + value + "'");
  }

  /** {@code --schedule} values in any case. */
  static final class ScheduleConverter extends LowerCaseEnum<ScheduleKind> {
    ScheduleConverter() {
      super(ScheduleKind.class);
    }
  }

  @Override
  public Integer call() throws Exception {
    if (pretrained != null && !Files.isRegularFile(pretrained)) {
      throw new NoSuchFileException(pretrained.toString(), null, "--pretrained checkpoint not found");
    }
    SwinConfig arch = pretrained != null ? Backbone.architectureOf(pretrained) : architecture.config();
    architecture.requireMatches(arch, pretrained != null ? pretrained : "--arch");
    AttributeTrainConfig.Schedule s = new AttributeTrainConfig.Schedule(epochs, schedule, recipe.lrFactor(),
        recipe.patience(), milestones);
    AttributeTrainConfig config = recipe.applyTo(AttributeTrainConfig.release(arch).toBuilder())
        .arch(arch.withDropPathRate(dropPath))
        .pretrained(pretrained == null ? null : pretrained.toString())
        .trainBackbone(!freezeBackbone)
        .learningRates(lr, headLr)
        .schedule(s)
        .augmentation(new AttributeTrainConfig.Augmentation(padding(padding, recipe.inputHeight()), 0.5))
        .build();
    var dataset = recipe.readData();
    AttributeTrainer trainer = new AttributeTrainer(config, run.options(spec.commandLine().getParseResult()
        .originalArgs()), evaluation.plan());
    try (TrainingUi ui = run.startUi()) {
      if (ui != null) {
        trainer.addListener(new AttributeMonitor(ui.storage()));
      }
      TrainingResult<AttributeTraining, AttributeStepStats> r = trainer.train(dataset);
      log.info("done: {} steps this run; {}; best test mA {}% (epoch {}) in {}; latest model in {}", r.steps().size(),
          r.evaluation() == null ? "not evaluated" : r.evaluation().summary(),
          String.format("%.2f", 100 * r.run().best().value()), r.run().best().epoch(),
          run.output().resolve(AttributeTraining.BEST_MODEL), run.output().resolve(AttributeTraining.MODEL));
    }
    return 0;
  }
}
