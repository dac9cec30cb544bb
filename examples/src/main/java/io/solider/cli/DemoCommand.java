package io.solider.cli;

import io.solider.tasks.common.Charts;
import io.solider.nn.backbone.Backbone;
import io.solider.nn.backbone.RecomputingBackbone;
import io.solider.nn.backbone.SwinConfig;
import io.solider.ssl.augment.MultiCropConfig;
import io.solider.cli.options.ImageSizeOption;
import io.solider.cli.options.OutputPaths;
import io.solider.nn.io.JsonFile;
import io.solider.nn.image.ImageSize;
import io.solider.ssl.augment.MultiCropLoader;
import io.solider.ssl.heads.HeadConfig;
import io.solider.ssl.trainer.PretrainConfig;
import io.solider.ssl.trainer.SoliderTrainer;
import io.solider.ssl.trainer.PretrainCheckpoint;
import io.solider.tasks.common.ImageSource;
import io.solider.tasks.reid.data.Market1501;
import io.solider.tasks.reid.data.ReidSplits;
import io.solider.tasks.reid.metric.ReidEvaluation;
import io.solider.tasks.reid.train.ReidFeatures;
import io.solider.tasks.reid.train.ReidTrainConfig;
import io.solider.tasks.reid.train.ReidStepStats;
import io.solider.tasks.reid.train.ReidTrainer;
import io.solider.tasks.reid.train.ReidTraining;
import io.solider.nn.train.EvaluationPlan;
import io.solider.nn.train.TrainingOptions;
import io.solider.nn.train.TrainingResult;
import io.solider.tasks.synth.SynthConfig;
import io.solider.tasks.synth.SyntheticGenerator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code solider demo}: the whole SOLIDER workflow on a sample it makes itself, small enough for
 * a laptop CPU: synthetic people in Market-1501 layout → self-supervised SOLIDER pretraining on
 * the unlabelled training crops → re-id fine-tuning with the SOLIDER-REID recipe → evaluation of
 * the untrained, pretrained and fine-tuned models (mAP, CMC) and of the fine-tuned model at
 * several λ. Prints a before/after table and writes metrics.json, cmc.png and lambda.png.
 *
 * <p>The recipe is the release's except where a few-minute CPU run needs otherwise (a 32-channel
 * backbone with window 4 at 64×32, small DINO heads, a higher learning rate, a faster teacher, a
 * handful of epochs, no re-id warm-up); those values are options here and named in docs/REID.md.
 * Pretraining is off by default ({@code --pretrain-epochs 0}): at the few minutes a demo has it is
 * far too short to help, which the demo prints; the measured runs behind the defaults are in
 * docs/REID.md, and what pretraining does at the largest scale an hour allows in docs/EFFECT.md.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "End to end on synthetic people (Market-1501 layout): SOLIDER pretraining on the unlabelled training crops "
          + "(with --pretrain-epochs > 0), re-id fine-tuning, and mAP/CMC of the untrained, pretrained and fine-tuned "
          + "models, then the fine-tuned "
          + "model at several λ. Writes data, checkpoints, metrics.json, cmc.png and lambda.png under --output."
    })
final class DemoCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(DemoCommand.class);

  @Option(names = "--output", defaultValue = "runs/demo", converter = OutputPaths.Folder.class, paramLabel = "DIR",
      description = "Folder for everything the demo writes.")
  Path output;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of the data and of every random choice.")
  long seed;

  @Option(names = "--identities", defaultValue = "64", description = "Synthetic identities (half train, half test).")
  int identities;

  @Option(names = "--images-per-identity", defaultValue = "8", description = "Synthetic images of each identity.")
  int imagesPerIdentity;

  @Option(names = "--size", defaultValue = "64x32", converter = ImageSizeOption.Converter.class, paramLabel = "HxW",
      description = "Input size (pretraining global crops, re-id training and test; a multiple of 32).")
  ImageSize size;

  @Option(names = "--embed-dim", defaultValue = "32", description = "Backbone channels C (depths 2-2-2-2, heads 1-2-4-8, window 4).")
  int embedDim;

  @Option(names = "--pretrain-epochs", defaultValue = "0", description = "SOLIDER pretraining epochs (0: fine-tune from a random backbone).")
  int pretrainEpochs;

  @Option(names = "--pretrain-lr", defaultValue = "0.04", description = "Pretraining base learning rate (per 256 images; release 5e-4 for 100 epochs).")
  double pretrainLr;

  @Option(names = "--reid-epochs", defaultValue = "4", description = "Re-id fine-tuning epochs.")
  int reidEpochs;

  @Option(names = "--reid-batch", defaultValue = "8", paramLabel = "P",
      description = "Identities per re-id batch (4 images each; capped at the training identities).")
  int reidBatch;

  @Option(names = "--reid-warmup-epochs", defaultValue = "0",
      description = "Re-id warm-up epochs (learning rate from 1 %% of the base; release 20 of 120).")
  int reidWarmup;

  @Option(names = "--reid-triplet-weight", defaultValue = "1",
      description = "Weight of the triplet loss beside the identity loss (release 1).")
  double reidTripletWeight;

  @Option(names = "--reid-lr", defaultValue = "0.004", description = "Re-id base learning rate (release 8e-4 for 120 epochs).")
  double reidLr;

  @Option(names = "--checkpoint", paramLabel = "FILE",
      description = "Fine-tune from this SOLIDER checkpoint instead of pretraining one (its architecture wins).")
  Path checkpoint;

  @Option(names = "--semantic-weight", defaultValue = "0,0.2,0.5,0.8,1", split = ",", paramLabel = "λ",
      description = "λ values at which the fine-tuned model is evaluated.")
  List<Double> lambdas;

  @Option(names = "--workers", defaultValue = "2", description = "Image loading threads.")
  int workers;

  /** Training images of the generated set (for the printed explanation). */
  private int trainImages;

  @Override
  public Integer call() throws Exception {
    for (double l : lambdas) {
      if (!(l >= 0 && l <= 1)) {
        throw new IllegalArgumentException("--semantic-weight values must lie in [0, 1], got " + l);
      }
    }
    if (pretrainEpochs < 0 || reidEpochs < 1 || reidWarmup < 0 || reidWarmup > reidEpochs) {
      throw new IllegalArgumentException("--pretrain-epochs must be >= 0, --reid-epochs >= 1 and --reid-warmup-epochs in [0, --reid-epochs]");
    }
    if (size.height() % 32 != 0 || size.width() % 32 != 0) {
      // checked here, before data generation and the untrained evaluation, not seconds later in the graph
      throw new IllegalArgumentException("--size must be a multiple of 32 in both directions (patch 4, three "
          + "patch merges), got " + size.height() + "x" + size.width());
    }
    long t0 = System.nanoTime();
    Path data = output.resolve("data");
    log.info("1/5 generating synthetic people into {}", data);
    new SyntheticGenerator(reidOnly()).generate(data);
    Path market = data.resolve("market1501");
    ReidSplits splits = Market1501.read(market);
    trainImages = splits.train().size();

    SwinConfig arch = SwinConfig.of(embedDim, List.of(2, 2, 2, 2), List.of(1, 2, 4, 8)).withWindowSize(4);
    log.info("2/5 evaluating an untrained {} backbone (λ = 0.2)", Backbone.describe(arch));
    ReidEvaluation untrained = evaluate(Backbone.initialized(arch, seed), splits, 0.2);
    log.info("untrained: {}", untrained);

    Path start = checkpoint;
    if (start == null && pretrainEpochs > 0) {
      start = pretrain(arch, market.resolve("bounding_box_train"));
    } else {
      log.info("3/5 pretraining skipped{}", checkpoint != null ? ": fine-tuning " + checkpoint : "");
    }

    log.info("4/5 re-id fine-tuning ({} epochs)", reidEpochs);
    ReidTrainConfig reid = ReidTrainConfig.release(arch).toBuilder()
        .pretrained(start == null ? null : start.toString())
        .input(size.height(), size.width())
        .batch(Math.min(reidBatch, splits.trainIdentities()), 4)
        .epochs(reidEpochs, reidWarmup)
        .baseLr(reidLr)
        .loss(new ReidTrainConfig.Loss(1, reidTripletWeight, 0))
        .seed(seed)
        .build();
    TrainingOptions options = TrainingOptions.builder(output.resolve("reid")).workers(workers).build();
    TrainingResult<ReidTraining, ReidStepStats> r = new ReidTrainer(reid, options,
        EvaluationPlan.onlyAtEnd().withBefore(start != null)).train(splits);

    log.info("5/5 the fine-tuned model at λ = {}", lambdas);
    List<ReidEvaluation> sweep = new ArrayList<>();
    for (double l : lambdas) {
      sweep.add(evaluate(r.run().recomputing(), splits, reid, l));
    }
    report(untrained, start == null ? null : (ReidEvaluation) r.initial(), (ReidEvaluation) r.evaluation(), sweep, Duration.ofNanos(System.nanoTime() - t0));
    return 0;
  }

  /** The synthetic set: Market-1501 (and MSMT17, which the generator always writes) of the demo's size only. */
  private SynthConfig reidOnly() {
    return new SynthConfig(seed, identities, 4, imagesPerIdentity, 4, 3, 0, 0, 0, 0, 0, 0, 128, 64);
  }

  /** Short SOLIDER pretraining on the unlabelled crops; returns the teacher in the release layout. */
  private Path pretrain(SwinConfig arch, Path images) throws Exception {
    Path dir = output.resolve("pretrain");
    int h = size.height();
    int w = size.width();
    MultiCropConfig crops = MultiCropConfig.release().withSizes(h, w, h / 2, w / 2).withLocalCrops(2);
    PretrainConfig config = PretrainConfig.release(arch.withDropPathRate(0.1)).toBuilder()
        .crops(crops)
        .heads(HeadConfig.dino().withWidths(256, 64).withOutDim(1024), HeadConfig.partClassifier(3).withWidths(256, 64))
        .epochs(pretrainEpochs, 1)
        .batchSize(8)
        .lr(pretrainLr, 1e-6)
        .teacherMomentum(0.99)
        .seed(seed)
        .build();
    log.info("3/5 SOLIDER pretraining on {} ({} epochs, batch 8, peak lr {})", images, pretrainEpochs,
        config.peakLr());
    SoliderTrainer trainer = new SoliderTrainer(config, TrainingOptions.builder(dir).workers(workers).build());
    try (MultiCropLoader loader = MultiCropLoader.ofFolder(images, crops, 8, workers, seed)) {
      trainer.train(loader);
    }
    return dir.resolve(PretrainCheckpoint.TEACHER);
  }

  private ReidEvaluation evaluate(Backbone backbone, ReidSplits splits, double lambda) {
    ReidTrainConfig c = ReidTrainConfig.release(backbone.config()).toBuilder().input(size.height(), size.width())
        .build();
    return evaluate(new RecomputingBackbone(backbone, size.height(), size.width()), splits, c, lambda);
  }

  private static ReidEvaluation evaluate(RecomputingBackbone backbone, ReidSplits splits, ReidTrainConfig c,
      double lambda) {
    ImageSource source = new ImageSource();
    int h = c.input().height();
    int w = c.input().width();
    ReidFeatures.Extracted q = ReidFeatures.extract(backbone, splits.query(), h, w, lambda, 32, source);
    ReidFeatures.Extracted g = ReidFeatures.extract(backbone, splits.gallery(), h, w, lambda, 32, source);
    return ReidFeatures.evaluate(q, g);
  }

  /**
   * What the table means, in plain words computed from this run's numbers: the gain of fine-tuning
   * on identities it never saw, and why a few minutes of pretraining and the λ sweep move little.
   */
  private String notes(ReidEvaluation untrained, ReidEvaluation pretrained, ReidEvaluation finetuned, double[] maps) {
    StringBuilder s = new StringBuilder(String.format("%n"));
    double gain = 100 * (finetuned.mAP() - untrained.mAP());
    s.append(gain > 0
        ? String.format("Re-id fine-tuning raised mAP by %.1f points on %d test identities it never saw.%n", gain,
            identities - identities / 2)
        : String.format("Re-id fine-tuning did not beat the untrained model in this run (%+.1f points): %d epochs on "
            + "%d images%ndo not learn more than a random network's colour features tell about unseen people "
            + "(docs/REID.md, \"Measured: training raises mAP on synthetic people\").%n", gain, reidEpochs,
            trainImages));
    if (pretrained != null && checkpoint == null && pretrained.mAP() > untrained.mAP() + 0.01) {
      s.append(String.format("Pretraining without labels raised mAP by %.1f points before any re-id training.%n",
          100 * (pretrained.mAP() - untrained.mAP())));
    } else if (pretrained != null && checkpoint == null) {
      s.append(String.format("Pretraining here is %d epoch(s) on %d unlabelled crops, far too short to help (SOLIDER "
          + "pretrains 100 epochs on millions of people);%nits row shows what so short a run does, not what SOLIDER "
          + "pretraining can do. docs/EFFECT.md measures pretraining at the largest scale an hour%non two cores allows, "
          + "against plain DINO and no pretraining, and says what it would take.%n",
          pretrainEpochs, trainImages));
    }
    if (pretrainEpochs == 0 && checkpoint == null) {
      s.append(String.format("No pretraining in this run (--pretrain-epochs 0): a few minutes of SOLIDER pretraining is "
          + "far too short to help%n(the release pretrains 100 epochs on millions of people). docs/EFFECT.md measures "
          + "pretraining at the largest scale%nan hour on two cores allows, against plain DINO and no pretraining, and "
          + "says what it would take.%n"));
    }
    double lo = Arrays.stream(maps).min().orElse(0);
    double hi = Arrays.stream(maps).max().orElse(0);
    if (maps.length > 1 && hi - lo < 0.01) {
      s.append(String.format("λ moves mAP by less than a point here: the layers it drives learn their semantics in "
          + "pretraining, of which this run has little or none (docs/EFFECT.md).%n"));
    }
    return s.toString();
  }

  /** One evaluated model: key in metrics.json, label in the table and the chart. */
  private record Stage(String key, String label, ReidEvaluation evaluation) {}

  private void report(ReidEvaluation untrained, ReidEvaluation pretrained, ReidEvaluation finetuned,
      List<ReidEvaluation> sweep, Duration took) throws Exception {
    List<Stage> stages = new ArrayList<>();
    stages.add(new Stage("untrained", "untrained", untrained));
    if (pretrained != null) {
      stages.add(new Stage("pretrained", "SOLIDER-pretrained (no labels)", pretrained));
    }
    stages.add(new Stage("fine_tuned", "fine-tuned (re-id)", finetuned));
    Map<String, Object> json = new LinkedHashMap<>();
    List<Charts.Curve> curves = new ArrayList<>();
    StringBuilder table = new StringBuilder(String.format("%n%-34s %7s %7s%n", "model (λ = 0.2)", "mAP", "rank-1"));
    for (Stage st : stages) {
      ReidEvaluation v = st.evaluation();
      table.append(String.format("%-34s %6.1f%% %6.1f%%%n", st.label(), 100 * v.mAP(), 100 * v.rank(1)));
      json.put(st.key(), v.toJson());
      curves.add(new Charts.Curve(st.label(), v.cmc()));
    }
    double[] ls = lambdas.stream().mapToDouble(Double::doubleValue).toArray();
    double[] maps = sweep.stream().mapToDouble(ReidEvaluation::mAP).toArray();
    double[] r1 = sweep.stream().mapToDouble(e -> e.rank(1)).toArray();
    table.append(String.format("%nfine-tuned model by semantic weight:%n"));
    List<Map<String, Object>> bySw = new ArrayList<>();
    for (int i = 0; i < ls.length; i++) {
      table.append(String.format("  %-10s mAP %5.1f%%  rank-1 %5.1f%%%n", Charts.lambdaLabel(ls[i]), 100 * maps[i],
          100 * r1[i]));
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("semantic_weight", ls[i]);
      m.putAll(sweep.get(i).toJson());
      bySw.add(m);
    }
    json.put("fine_tuned_by_semantic_weight", bySw);
    json.put("seconds", took.toSeconds());
    Path metrics = output.resolve("metrics.json");
    JsonFile.write(json, metrics);
    Charts.writeCmc(curves, "Synthetic Market-1501: CMC before and after", output.resolve("cmc.png"));
    int best = 0;
    for (int i = 1; i < maps.length; i++) {
      best = maps[i] > maps[best] ? i : best;
    }
    Charts.writeOverLambda(ls, List.of(new Charts.Curve("mAP", maps), new Charts.Curve("rank-1", r1)), best, "mAP",
        "Fine-tuned model: mAP and rank-1 over λ", output.resolve("lambda.png"));
    System.out.print(table);
    System.out.print(notes(untrained, pretrained, finetuned, maps));
    System.out.printf("%nwrote %s, %s, %s (%d s)%n", metrics, output.resolve("cmc.png"), output.resolve("lambda.png"),
        took.toSeconds());
  }
}
