package io.solider.tasks.detection.train;

import io.solider.nn.train.EvaluationPlan;
import io.solider.nn.train.Position;
import io.solider.nn.train.PrefetchingLoader;
import io.solider.nn.train.Provenance;
import io.solider.nn.train.RunFolder;
import io.solider.nn.train.TrainingListener;
import io.solider.nn.train.TrainingLoop;
import io.solider.nn.train.TrainingOptions;
import io.solider.nn.train.TrainingResult;
import io.solider.tasks.detection.CspDetector;
import io.solider.tasks.detection.CspInference;
import io.solider.tasks.detection.data.CspAugmentation;
import io.solider.tasks.detection.data.CspTrainLoader;
import io.solider.tasks.detection.data.DetectionImage;
import io.solider.tasks.detection.metric.EvalGroundTruth;
import io.solider.tasks.detection.metric.MissRateEvaluation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a CSP pedestrian detector with the release's recipe on a training split and evaluates
 * the mean teacher on the validation split with the CityPersons miss rate, as the release's
 * {@code run.sh} does: the run ({@link CspTraining}, fresh or resumed), the data
 * ({@link CspTrainLoader}) and the evaluation ({@link CspDetector}, {@link CspInference}) handed to
 * the shared {@link TrainingLoop}. The run folder holds {@value CspCheckpoint#MODEL} and
 * {@value CspCheckpoint#TEACHER} (release layouts) besides the layer's files.
 */
public final class CspTrainer {

  private static final Logger log = LoggerFactory.getLogger(CspTrainer.class);

  /** Prefetched batches. */
  private static final int PREFETCH = 2;

  /**
   * The data of a run.
   *
   * @param name names the set in logs and provenance
   * @param train training images
   * @param val validation images (may be empty without an evaluation)
   * @param groundTruth the evaluation's ground truth of {@code val}
   */
  public record Data(String name, List<DetectionImage> train, List<DetectionImage> val, EvalGroundTruth groundTruth) {
    public Data {
      train = List.copyOf(train);
      val = List.copyOf(val);
    }
  }

  private final CspTrainConfig config;
  private final TrainingOptions options;
  private final EvaluationPlan evaluation;
  private final CspDetector.Config test;
  private final List<TrainingListener<? super CspTraining, ? super CspStepStats>> listeners = new ArrayList<>();

  /**
   * @param test how the evaluation runs inference (its test scale is the configuration's)
   */
  public CspTrainer(CspTrainConfig config, TrainingOptions options, EvaluationPlan evaluation, CspDetector.Config test) {
    this.config = config;
    this.options = options;
    this.evaluation = evaluation;
    this.test = test;
  }

  public CspTrainer addListener(TrainingListener<? super CspTraining, ? super CspStepStats> l) {
    listeners.add(l);
    return this;
  }

  /**
   * Trains until the configured epochs (or {@code maxIterations}) are done.
   *
   * @throws io.solider.nn.train.NonFiniteLossException when a loss term goes bad (the checkpoint
   *     keeps the last good state)
   */
  public TrainingResult<CspTraining, CspStepStats> train(Data data) throws IOException {
    if (data.train().isEmpty()) {
      throw new IllegalArgumentException(data.name() + ": no training images");
    }
    if (evaluation.any() && data.val().isEmpty()) {
      throw new IllegalArgumentException(data.name() + ": no validation images to evaluate on");
    }
    RunFolder folder = RunFolder.open(options.output());
    CspTraining run;
    CspCheckpoint.Restored resumed = null;
    int itersPerEpoch = (data.train().size() + config.input().batch() - 1) / config.input().batch();
    if (options.resume() && folder.hasCheckpoint()) {
      resumed = CspCheckpoint.read(folder.checkpoint());
      run = resumed.run();
      int expected = (data.train().size() + run.config().input().batch() - 1) / run.config().input().batch();
      if (run.itersPerEpoch() != expected) {
        throw new IllegalArgumentException(folder.checkpoint() + " was trained with " + run.itersPerEpoch()
            + " steps per epoch, the training data gives " + expected + " (same data needed to resume)");
      }
      log.info("resumed from {} at {}", folder.checkpoint(), resumed.next());
    } else {
      if (options.resume()) {
        log.warn("--resume: no {} yet, starting from scratch", folder.checkpoint());
      }
      run = CspTraining.create(config, itersPerEpoch);
      log.info("CSP model: {} backbone parameters, neck {}x3, head {}{}", run.model().backbone().parameterCount(),
          run.model().spec().neckChannels(), run.model().spec().headChannels(),
          config.model().pretrained() != null ? ", backbone from " + config.model().pretrained() : ", random backbone");
    }
    CspTrainConfig cfg = run.config();
    folder.recordProvenance(Provenance.capture(options.commandLine(), cfg, summary(data)));
    CspAugmentation aug = new CspAugmentation(cfg.augmentation().toConfig(cfg.input().crop()));
    CspDetector.Config testConfig = test.withScale(cfg.input().testScale().height(), cfg.input().testScale().width());
    try (PrefetchingLoader<CspTrainLoader.Loaded, CspTrainLoader.Batch> loader = CspTrainLoader.create(data.train(),
        aug, cfg.input().batch(), options.workers(), PREFETCH, cfg.seed())) {
      return TrainingLoop.builder("detection training", run, loader, cfg.schedule().epochs(), folder, options)
          .start(resumed != null ? resumed.next() : Position.START)
          .evaluation(r -> evaluate(r, data, testConfig), evaluation)
          .listeners(listeners)
          .build()
          .run();
    }
  }

  /** The release's evaluation: the mean teacher (or the model) on the validation images at λ. */
  private static MissRateEvaluation evaluate(CspTraining run, Data data, CspDetector.Config test) throws IOException {
    try (CspDetector detector = new CspDetector(run.evaluatedModel(), test)) {
      CspInference.Result r = CspInference.run(detector, data.val(), new double[] {run.config().model().semanticWeight()});
      return r.evaluate(0, data.groundTruth());
    }
  }

  private static Map<String, Object> summary(Data data) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", data.name());
    m.put("train_images", data.train().size());
    m.put("val_images", data.val().size());
    m.put("train_people", data.train().stream().mapToLong(i -> i.boxes().stream()
        .filter(b -> !b.ignore() && !b.crowd()).count()).sum());
    return m;
  }
}
