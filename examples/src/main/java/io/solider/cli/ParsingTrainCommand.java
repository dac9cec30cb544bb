package io.solider.cli;

import io.solider.cli.options.ArchitectureOptions;
import io.solider.cli.options.BatchSizeOption;
import io.solider.cli.options.EvaluationOptions;
import io.solider.cli.options.ImageSizeOption;
import io.solider.cli.options.SeedOption;
import io.solider.cli.options.SemanticWeightOption;
import io.solider.cli.options.TrainingRunOptions;
import io.solider.nn.backbone.Backbone;
import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.train.TrainingResult;
import io.solider.tasks.parsing.data.Lip;
import io.solider.tasks.parsing.train.ParsingCheckpoint;
import io.solider.tasks.parsing.train.ParsingStepStats;
import io.solider.tasks.parsing.train.ParsingTrainConfig;
import io.solider.tasks.parsing.train.ParsingTrainer;
import io.solider.tasks.parsing.train.ParsingTraining;
import io.solider.ui.ParsingMonitor;
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

/** {@code solider parsing-train}: human parsing training with the release's SCHP recipe. */
@Command(
    name = "parsing-train",
    mixinStandardHelpOptions = true,
    description = {
      "Trains human parsing on a LIP folder with SOLIDER-HumanParsing's SCHP recipe (Swin with strides 4,2,2,1, "
          + "PSP + decoder + edge branch + fusion; 0.5 Lovasz + 0.5 CE on the parsing and fusion outputs, class-balanced "
          + "edge CE; SGD with warm-up, cosine and cyclical learning rates; self-correction cycles averaging the model "
          + "and re-estimating its batch-norm statistics, KL soft targets from the first cycle), from a SOLIDER "
          + "checkpoint or from scratch, then evaluates on val with the test protocol. Writes model.pth and, after the "
          + "first cycle, schp_model.pth (release layouts), checkpoint.pth (for --resume), log.jsonl, metrics.json and "
          + "run.json. Defaults are the release's."
    })
public final class ParsingTrainCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(ParsingTrainCommand.class);

  @Spec CommandSpec spec;

  @Mixin ArchitectureOptions architecture;

  @Mixin TrainingRunOptions run;

  @Mixin EvaluationOptions evaluation;

  @Mixin ParsingProtocolOptions protocol;

  @Mixin ImageSizeOption size = new ImageSizeOption(572, 384);

  @Mixin SemanticWeightOption semanticWeight = new SemanticWeightOption(ParsingTrainConfig.RELEASE_LAMBDA);

  @Mixin SeedOption seed = new SeedOption(0);

  @Mixin BatchSizeOption batchSize = new BatchSizeOption(8);

  @Option(names = "--data", required = true, paramLabel = "DIR",
      description = "LIP folder: train_id.txt, train_images/, train_segmentations/, val_* (or the official archives' "
          + "TrainVal_images/ and TrainVal_parsing_annotations/).")
  Path data;

  @Option(names = "--pretrained", paramLabel = "FILE",
      description = "SOLIDER checkpoint to start from (any layout 'extract' reads). Default: a randomly initialised backbone.")
  Path pretrained;

  @Option(names = "--epochs", defaultValue = "150", description = "Training epochs. Default: ${DEFAULT-VALUE}.")
  int epochs;

  @Option(names = "--warmup-epochs", defaultValue = "30",
      description = "Linear warm-up epochs (--warmup_epochs). Default: ${DEFAULT-VALUE}.")
  int warmupEpochs;

  @Option(names = "--schp-start", defaultValue = "120", paramLabel = "E",
      description = "The first self-correction cycle ends after this epoch; the cyclical learning rate starts here. "
          + "Default: ${DEFAULT-VALUE}.")
  int schpStart;

  @Option(names = "--cycle-epochs", defaultValue = "10", paramLabel = "N",
      description = "Epochs per self-correction cycle. Default: ${DEFAULT-VALUE}.")
  int cycleEpochs;

  @Option(names = "--lr", defaultValue = "7e-3", paramLabel = "LR",
      description = "Base learning rate (eta_min = LR/500, cyclical LR/2). Default: ${DEFAULT-VALUE}.")
  double lr;

  @Option(names = "--momentum", defaultValue = "0.9", description = "SGD momentum. Default: ${DEFAULT-VALUE}.")
  double momentum;

  @Option(names = "--weight-decay", defaultValue = "0", description = "Weight decay. Default: ${DEFAULT-VALUE}.")
  double weightDecay;

  @Override
  public Integer call() throws Exception {
    if (pretrained != null && !Files.isRegularFile(pretrained)) {
      throw new NoSuchFileException(pretrained.toString(), null, "--pretrained checkpoint not found");
    }
    SwinConfig arch = pretrained != null ? Backbone.architectureOf(pretrained) : architecture.config();
    architecture.requireMatches(arch, pretrained != null ? pretrained : "--arch");
    ParsingTrainConfig config = ParsingTrainConfig.release(arch).toBuilder()
        .pretrained(pretrained == null ? null : pretrained.toString())
        .semanticWeight(semanticWeight.value())
        .crop(size.height(), size.width())
        .batchSize(batchSize.value())
        .epochs(epochs, warmupEpochs, schpStart, cycleEpochs, lr)
        .optimizer(momentum, weightDecay)
        .seed(seed.value())
        .build();
    ParsingTrainer trainer = new ParsingTrainer(config, run.options(spec.commandLine().getParseResult().originalArgs()),
        evaluation.plan(), protocol.options(1));
    List<io.solider.tasks.parsing.data.ParsingSample> train = Lip.read(data, "train");
    List<io.solider.tasks.parsing.data.ParsingSample> val = Lip.read(data, "val");
    try (TrainingUi ui = run.startUi()) {
      if (ui != null) {
        trainer.addListener(new ParsingMonitor(ui.storage()));
      }
      TrainingResult<ParsingTraining, ParsingStepStats> r = trainer.train(train, val);
      log.info("done: {} steps this run; {}; model in {}{} (continue an interrupted run with --resume)",
          r.steps().size(), r.evaluation() == null ? "not evaluated" : r.evaluation().summary(),
          run.output().resolve(ParsingCheckpoint.MODEL), r.run().schp() != null
              ? ", SCHP model (" + r.run().cycles() + " cycles) in " + run.output().resolve(ParsingCheckpoint.SCHP_MODEL)
              : "");
    }
    return 0;
  }
}
