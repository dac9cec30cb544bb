package io.solider.cli;

import io.solider.cli.options.ArchitectureOptions;
import io.solider.cli.options.EvaluationOptions;
import io.solider.cli.options.SeedOption;
import io.solider.cli.options.SemanticWeightOption;
import io.solider.cli.options.TrainingRunOptions;
import io.solider.nn.backbone.Backbone;
import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.train.TrainingResult;
import io.solider.tasks.search.data.SearchDataset;
import io.solider.tasks.search.train.SearchCheckpoint;
import io.solider.tasks.search.train.SearchStepStats;
import io.solider.tasks.search.train.SearchTrainConfig;
import io.solider.tasks.search.train.SearchTrainer;
import io.solider.tasks.search.train.SearchTraining;
import io.solider.ui.SearchMonitor;
import io.solider.ui.TrainingUi;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code solider search-train}: person search (SeqNet on SOLIDER) with the SOLIDER-PersonSearch recipe. */
@Command(
    name = "search-train",
    mixinStandardHelpOptions = true,
    description = {
      "Trains person search on a CUHK-SYSU or PRW folder with the SOLIDER-PersonSearch recipe (SeqNet: Swin trunk to "
          + "stage 2, RPN, two RoI heads on stage 3 (the second a copy), norm-aware embedding, OIM; SGD with warm-up "
          + "and step decay) from a SOLIDER checkpoint or from scratch, then evaluates with the release's protocol. "
          + "Writes model.pth (release layout), checkpoint.pth (for --resume), eval/ (search-eval's files), log.jsonl, "
          + "metrics.json and run.json. Defaults are the release's (--preset cpu: a small CPU recipe)."
    })
public final class SearchTrainCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(SearchTrainCommand.class);

  @Spec CommandSpec spec;

  @Mixin SearchDataOptions data;

  @Mixin ArchitectureOptions architecture;

  @Mixin TrainingRunOptions run;

  @Mixin EvaluationOptions evaluation;

  @Mixin SearchInputOptions input;

  @Mixin SemanticWeightOption semanticWeight = new SemanticWeightOption(0.6);

  @Mixin SeedOption seed = new SeedOption(1);

  @Option(names = "--pretrained", paramLabel = "FILE",
      description = "SOLIDER checkpoint whose backbone starts the trunk and the re-id head (any layout 'extract' "
          + "reads). Default: a randomly initialised backbone.")
  Path pretrained;

  @Option(names = "--drop-path", defaultValue = "0.1", paramLabel = "P",
      description = "Drop-path rate of the backbone (build_swin). Default: ${DEFAULT-VALUE}.")
  double dropPath;

  @Option(names = {"--batch-size", "--batch"}, paramLabel = "N",
      description = "Images per step. Default: run.sh's for the backbone: 4 (tiny and smaller), 3 (small), 2 (base); "
          + "cpu preset 2.")
  Integer batchSize;

  @Option(names = "--epochs", paramLabel = "N",
      description = "Training epochs. Default: the data set's config: 20 (CUHK-SYSU), 18 (PRW); cpu preset 10.")
  Integer epochs;

  @Option(names = "--milestones", split = ",", paramLabel = "E",
      description = "Epochs where the learning rate drops x0.1 (LR_DECAY_MILESTONES). Default: 16; cpu preset 8.")
  List<Integer> milestones;

  @Option(names = "--lr", paramLabel = "LR",
      description = "Base learning rate. Default: run.sh's SOLVER.BASE_LR 3e-4; cpu preset 0.003 (defaults.py's).")
  Double lr;

  @Option(names = "--weight-decay", defaultValue = "5e-4", description = "SGD weight decay. Default: ${DEFAULT-VALUE}.")
  double weightDecay;

  @Option(names = "--clip-gradients", defaultValue = "10", paramLabel = "NORM",
      description = "Global gradient-norm clipping (SOLVER.CLIP_GRADIENTS; <= 0: off). Default: ${DEFAULT-VALUE}.")
  double clip;

  @Option(names = "--lut-size", paramLabel = "N",
      description = "OIM look-up table rows (MODEL.LOSS.LUT_SIZE). Default: 5532 (CUHK-SYSU), 482 (PRW).")
  Integer lutSize;

  @Option(names = "--queue-size", paramLabel = "N",
      description = "OIM circular queue rows (MODEL.LOSS.CQ_SIZE). Default: 5000 (CUHK-SYSU), 500 (PRW).")
  Integer queueSize;

  @Option(names = "--loss-weight", split = ",", paramLabel = "TERM=W",
      description = "Weight of a loss term (SOLVER.LW_*), repeatable or comma-separated: rpn_reg, rpn_cls, "
          + "proposal_reg, proposal_cls, box_reg, box_cls (the norm-aware person logit), box_reid (OIM). Default: "
          + "the release's (1, except proposal_reg 10).")
  Map<String, Double> lossWeights = new LinkedHashMap<>();

  @Override
  public Integer call() throws Exception {
    if (pretrained != null && !Files.isRegularFile(pretrained)) {
      throw new NoSuchFileException(pretrained.toString(), null, "--pretrained checkpoint not found");
    }
    SwinConfig arch = pretrained != null ? Backbone.architectureOf(pretrained) : architecture.config();
    architecture.requireMatches(arch, pretrained != null ? pretrained : "--arch");
    SearchDataset ds = data.read();
    SearchTrainConfig c = input.apply(SearchTrainConfig.Dataset.of(ds.name()), arch.withDropPathRate(dropPath), spec);
    SearchTrainConfig.Schedule s = c.schedule();
    SearchTrainConfig.Model m = c.model();
    SearchTrainConfig config = c.toBuilder()
        .pretrained(pretrained == null ? null : pretrained.toString())
        .semanticWeight(semanticWeight.value())
        .oimSizes(lutSize != null ? lutSize : m.lutSize(), queueSize != null ? queueSize : m.queueSize())
        .input(new SearchTrainConfig.Input(c.input().minSize(), c.input().maxSize(),
            batchSize != null ? batchSize : c.input().batchSize()))
        .schedule(new SearchTrainConfig.Schedule(epochs != null ? epochs : s.epochs(),
            milestones != null ? milestones.stream().mapToInt(Integer::intValue).toArray() : s.milestones(),
            s.gamma(), s.warmupFactor()))
        .optimizer(new SearchTrainConfig.Optimizer(lr != null ? lr : c.optimizer().lr(), c.optimizer().momentum(),
            weightDecay, clip))
        .loss(c.loss().with(lossWeights))
        .seed(seed.value())
        .build();
    SearchTrainer trainer = new SearchTrainer(config, run.options(spec.commandLine().getParseResult().originalArgs()),
        evaluation.plan());
    try (TrainingUi ui = run.startUi()) {
      if (ui != null) {
        trainer.addListener(new SearchMonitor(ui.storage()));
      }
      TrainingResult<SearchTraining, SearchStepStats> r = trainer.train(ds);
      log.info("done: {} steps this run; {}; model in {} (continue an interrupted run with --resume)",
          r.steps().size(), r.evaluation() == null ? "not evaluated" : r.evaluation().summary(),
          run.output().resolve(SearchCheckpoint.MODEL));
    }
    return 0;
  }
}
