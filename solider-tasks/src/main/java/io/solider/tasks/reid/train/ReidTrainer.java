package io.solider.tasks.reid.train;

import io.solider.nn.image.ImageNormalization;
import io.solider.nn.train.EvaluationPlan;
import io.solider.nn.train.Position;
import io.solider.nn.train.PrefetchingLoader;
import io.solider.nn.train.Provenance;
import io.solider.nn.train.RunFolder;
import io.solider.nn.train.TrainingListener;
import io.solider.nn.train.TrainingLoop;
import io.solider.nn.train.TrainingOptions;
import io.solider.nn.train.TrainingResult;
import io.solider.tasks.common.ImageSource;
import io.solider.tasks.reid.data.IdentitySampler;
import io.solider.tasks.reid.data.ReidAugmentation;
import io.solider.tasks.reid.data.ReidSample;
import io.solider.tasks.reid.data.ReidSplits;
import io.solider.tasks.reid.data.ReidTrainLoader;
import io.solider.tasks.reid.metric.ReidEvaluation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a re-id model with the SOLIDER-REID recipe on a data set's training split and evaluates
 * it on query/gallery: the model and SGD ({@link ReidTraining}, fresh or resumed), the P × K data
 * ({@link ReidTrainLoader}) and the evaluation ({@link ReidFeatures}) handed to the shared
 * {@link TrainingLoop}. The run folder holds {@value ReidCheckpoint#MODEL} (release layout) besides
 * the layer's files (checkpoint, log, metrics, provenance).
 */
public final class ReidTrainer {

  private static final Logger log = LoggerFactory.getLogger(ReidTrainer.class);

  /** Prefetched batches. */
  private static final int PREFETCH = 2;

  private final ReidTrainConfig config;
  private final TrainingOptions options;
  private final EvaluationPlan evaluation;
  private final List<TrainingListener<? super ReidTraining, ? super ReidStepStats>> listeners = new ArrayList<>();

  public ReidTrainer(ReidTrainConfig config, TrainingOptions options, EvaluationPlan evaluation) {
    this.config = config;
    this.options = options;
    this.evaluation = evaluation;
  }

  public ReidTrainer addListener(TrainingListener<? super ReidTraining, ? super ReidStepStats> l) {
    listeners.add(l);
    return this;
  }

  /**
   * Trains until the configured epochs (or {@code maxIterations}) are done.
   *
   * @throws io.solider.nn.train.NonFiniteLossException when a loss term goes bad (the checkpoint
   *     keeps the last good state)
   */
  public TrainingResult<ReidTraining, ReidStepStats> train(ReidSplits data) throws IOException {
    if (data.train().isEmpty()) {
      throw new IllegalArgumentException(data.name() + ": no training images");
    }
    RunFolder folder = RunFolder.open(options.output());
    int classes = data.trainIdentities();
    ReidTraining run;
    ReidCheckpoint.Restored resumed = null;
    if (options.resume() && folder.hasCheckpoint()) {
      resumed = ReidCheckpoint.read(folder.checkpoint());
      run = resumed.run();
      if (run.model().head().classes() != classes) {
        throw new IllegalArgumentException(folder.checkpoint() + " has a classifier for "
            + run.model().head().classes() + " identities, the training data has " + classes
            + " (same data needed to resume)");
      }
      log.info("resumed from {} at {}", folder.checkpoint(), resumed.next());
    } else {
      if (options.resume()) {
        log.warn("--resume: no {} yet, starting from scratch", folder.checkpoint());
      }
      run = ReidTraining.create(config, classes);
      log.info("re-id model: {} backbone parameters, head {} → {} identities{}",
          run.model().backbone().parameterCount(), run.model().head().dim(), classes,
          config.model().pretrained() != null ? ", backbone from " + config.model().pretrained()
              : ", random backbone");
    }
    ReidTrainConfig cfg = run.config();
    folder.recordProvenance(Provenance.capture(options.commandLine(), cfg, summary(data)));
    List<ReidSample> train = data.train();
    IdentitySampler sampler = new IdentitySampler(train.stream().mapToInt(ReidSample::pid).toArray(),
        cfg.batch().identities(), cfg.batch().imagesPerIdentity());
    ReidTrainConfig.Augmentation a = cfg.augmentation();
    ReidAugmentation aug = new ReidAugmentation(cfg.input().height(), cfg.input().width(), a.flipProbability(),
        a.padding(), a.erasingProbability(), ImageNormalization.half());
    try (PrefetchingLoader<float[], ReidTrainLoader.Batch> loader = ReidTrainLoader.create(train, sampler, aug,
        options.workers(), PREFETCH, cfg.seed())) {
      return TrainingLoop.builder("re-id training", run, loader, cfg.schedule().epochs(), folder, options)
          .start(resumed != null ? resumed.next() : Position.START)
          .evaluation(r -> evaluate(r, data), evaluation)
          .listeners(listeners)
          .build()
          .run();
    }
  }

  private ReidEvaluation evaluate(ReidTraining run, ReidSplits data) {
    ReidTrainConfig cfg = run.config();
    ImageSource source = new ImageSource();
    int h = cfg.input().height();
    int w = cfg.input().width();
    double lambda = cfg.model().semanticWeight();
    ReidFeatures.Extracted q = ReidFeatures.extract(run.recomputing(), data.query(), h, w, lambda,
        evaluation.batchSize(), source);
    ReidFeatures.Extracted g = ReidFeatures.extract(run.recomputing(), data.gallery(), h, w, lambda,
        evaluation.batchSize(), source);
    return ReidFeatures.evaluate(q, g);
  }

  private static Map<String, Object> summary(ReidSplits data) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", data.name());
    m.put("train_images", data.train().size());
    m.put("train_identities", data.trainIdentities());
    m.put("query_images", data.query().size());
    m.put("gallery_images", data.gallery().size());
    return m;
  }
}
