package io.solider.tasks.parsing.train;

import io.solider.nn.extract.InferenceEngine;
import io.solider.nn.train.EvaluationPlan;
import io.solider.nn.train.Position;
import io.solider.nn.train.PrefetchingLoader;
import io.solider.nn.train.Provenance;
import io.solider.nn.train.RunFolder;
import io.solider.nn.train.TrainingListener;
import io.solider.nn.train.TrainingLoop;
import io.solider.nn.train.TrainingOptions;
import io.solider.nn.train.TrainingResult;
import io.solider.nn.util.Seeds;
import io.solider.tasks.common.ImageSource;
import io.solider.tasks.parsing.data.LipTrainTransform;
import io.solider.tasks.parsing.data.ParsingBatch;
import io.solider.tasks.parsing.data.ParsingSample;
import io.solider.tasks.parsing.data.ParsingTrainLoader;
import io.solider.tasks.parsing.head.ParsingPredictor;
import io.solider.tasks.parsing.metric.LipValidation;
import io.solider.tasks.parsing.metric.ParsingEvaluation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a parsing model with the release's SCHP recipe on LIP's training split and evaluates it
 * on the validation split with the test protocol: the run ({@link ParsingTraining}, fresh or
 * resumed), the batches ({@link ParsingTrainLoader}), a second loader with its own seed for the
 * SCHP model's batch-norm re-estimation, and the evaluation ({@link LipValidation} of the model the
 * release evaluates: the SCHP model once a cycle has run) handed to the shared {@link TrainingLoop}.
 */
public final class ParsingTrainer {

  private static final Logger log = LoggerFactory.getLogger(ParsingTrainer.class);

  /** Prefetched batches. */
  private static final int PREFETCH = 2;
  /** Seeds the re-estimation loader's order and augmentation apart from the training loader's. */
  private static final long REESTIMATION_STREAM = 0x5C4B;

  private final ParsingTrainConfig config;
  private final TrainingOptions options;
  private final EvaluationPlan evaluation;
  private final ParsingPredictor.Options test;
  private final List<TrainingListener<? super ParsingTraining, ? super ParsingStepStats>> listeners =
      new ArrayList<>();

  /**
   * @param test the test protocol of the evaluations (scales, flip; the batch size is the plan's)
   */
  public ParsingTrainer(ParsingTrainConfig config, TrainingOptions options, EvaluationPlan evaluation,
      ParsingPredictor.Options test) {
    this.config = config;
    this.options = options;
    this.evaluation = evaluation;
    this.test = test.withBatchSize(evaluation.batchSize());
  }

  public ParsingTrainer addListener(TrainingListener<? super ParsingTraining, ? super ParsingStepStats> l) {
    listeners.add(l);
    return this;
  }

  /**
   * Trains until the configured epochs (or {@code maxIterations}) are done.
   *
   * @param train LIP's training split
   * @param val the split evaluated (may be empty when the plan evaluates nothing)
   * @throws io.solider.nn.train.NonFiniteLossException when a loss term goes bad (the checkpoint
   *     keeps the last good state)
   */
  public TrainingResult<ParsingTraining, ParsingStepStats> train(List<ParsingSample> train, List<ParsingSample> val)
      throws IOException {
    if (train.isEmpty()) {
      throw new IllegalArgumentException("LIP: no training images");
    }
    if (evaluation.any() && val.isEmpty()) {
      throw new IllegalArgumentException("LIP: no validation images to evaluate on");
    }
    RunFolder folder = RunFolder.open(options.output());
    ParsingTraining run;
    ParsingCheckpoint.Restored resumed = null;
    if (options.resume() && folder.hasCheckpoint()) {
      resumed = ParsingCheckpoint.read(folder.checkpoint());
      run = resumed.run();
      log.info("resumed from {} at {} ({} self-correction cycles done)", folder.checkpoint(), resumed.next(),
          run.cycles());
    } else {
      if (options.resume()) {
        log.warn("--resume: no {} yet, starting from scratch", folder.checkpoint());
      }
      run = ParsingTraining.create(config);
      log.info("parsing model: {} backbone parameters{}, head {} parameters", run.model().backbone().parameterCount(),
          config.model().pretrained() != null ? " from " + config.model().pretrained() : " (random)",
          run.model().head().state().values().stream().mapToLong(a -> a.length()).sum());
    }
    ParsingTrainConfig cfg = run.config();
    folder.recordProvenance(Provenance.capture(options.commandLine(), cfg, summary(train, val)));
    LipTrainTransform transform = new LipTrainTransform(cfg.augmentation());
    try (PrefetchingLoader<LipTrainTransform.Sample, ParsingBatch> loader = ParsingTrainLoader.create(train,
        transform, cfg.batchSize(), options.workers(), PREFETCH, cfg.seed());
        PrefetchingLoader<LipTrainTransform.Sample, ParsingBatch> bnLoader = ParsingTrainLoader.create(train,
            transform, cfg.batchSize(), options.workers(), PREFETCH, Seeds.mix(cfg.seed(), REESTIMATION_STREAM, 0))) {
      run.reestimateOn(bnLoader);
      return TrainingLoop.builder("parsing training", run, loader, cfg.epochs(), folder, options)
          .start(resumed != null ? resumed.next() : Position.START)
          .evaluation(r -> evaluate(r, val), evaluation)
          .listeners(listeners)
          .build()
          .run();
    }
  }

  private ParsingEvaluation evaluate(ParsingTraining run, List<ParsingSample> val) throws IOException {
    ParsingTrainConfig cfg = run.config();
    LipTrainTransform.Config a = cfg.augmentation();
    try (ParsingPredictor p = new ParsingPredictor(run.finalModel(), a.cropHeight(), a.cropWidth(), a.normalization(),
        test, InferenceEngine.SAMEDIFF)) {
      ParsingEvaluation e = LipValidation.evaluate(p, val, cfg.model().semanticWeight(),
          run.finalModel().spec().classes(), new ImageSource(), null);
      log.info("evaluated the {} ({} self-correction cycles)", run.schp() != null ? "SCHP model" : "model",
          run.cycles());
      return e;
    }
  }

  private static Map<String, Object> summary(List<ParsingSample> train, List<ParsingSample> val) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", "lip");
    m.put("train_images", train.size());
    m.put("val_images", val.size());
    return m;
  }
}
