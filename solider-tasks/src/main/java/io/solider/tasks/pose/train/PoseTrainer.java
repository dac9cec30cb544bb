package io.solider.tasks.pose.train;

import io.solider.nn.extract.InferenceEngine;
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
import io.solider.nn.util.Seeds;
import io.solider.tasks.pose.PoseEstimator;
import io.solider.tasks.pose.PoseTestData;
import io.solider.tasks.pose.data.CocoKeypoints;
import io.solider.tasks.pose.data.HeatmapTarget;
import io.solider.tasks.pose.data.ImageSizes;
import io.solider.tasks.pose.data.PersonInstance;
import io.solider.tasks.pose.data.PersonInstances;
import io.solider.tasks.pose.data.PoseTrainLoader;
import io.solider.tasks.pose.data.TopDownSample;
import io.solider.tasks.pose.data.TopDownTrainTransform;
import io.solider.tasks.pose.head.PoseHead;
import io.solider.tasks.pose.metric.KeypointEvaluation;
import io.solider.tasks.pose.metric.PersonPrediction;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a top-down pose model with SOLIDER-HumanPose's recipe on a COCO root's {@code train2017}
 * people and evaluates it on {@code val2017} as the release does (ground-truth boxes by default, a
 * detector's boxes if given; flip test, rescoring, OKS-NMS, COCOeval keypoints): the model and AdamW
 * ({@link PoseTraining}, fresh or resumed), the data ({@link PoseTrainLoader}) and the evaluation
 * handed to the shared {@link TrainingLoop}. The run folder holds {@value PoseCheckpoint#MODEL}
 * besides the layer's files.
 */
public final class PoseTrainer {

  private static final Logger log = LoggerFactory.getLogger(PoseTrainer.class);

  /** The training split of a COCO root. */
  public static final String TRAIN = "train2017";
  /** The split the release evaluates on. */
  public static final String VAL = "val2017";
  private static final int PREFETCH = 2;

  private final PoseTrainConfig config;
  private final TrainingOptions options;
  private final EvaluationPlan evaluation;
  private final Path boxes;
  private final List<TrainingListener<? super PoseTraining, ? super PoseStepStats>> listeners = new ArrayList<>();

  /**
   * @param boxes person detections for the evaluation's boxes (COCO results list), or null for the
   *     ground truth's boxes
   */
  public PoseTrainer(PoseTrainConfig config, TrainingOptions options, EvaluationPlan evaluation, Path boxes) {
    this.config = config;
    this.options = options;
    this.evaluation = evaluation;
    this.boxes = boxes;
  }

  public PoseTrainer addListener(TrainingListener<? super PoseTraining, ? super PoseStepStats> l) {
    listeners.add(l);
    return this;
  }

  /**
   * Trains until the configured epochs (or {@code maxIterations}) are done.
   *
   * @param cocoRoot a folder with {@code annotations/person_keypoints_{train2017,val2017}.json},
   *     {@code train2017/} and {@code val2017/}
   * @throws io.solider.nn.train.NonFiniteLossException when the loss goes bad (the checkpoint keeps
   *     the last good state)
   */
  public TrainingResult<PoseTraining, PoseStepStats> train(Path cocoRoot) throws IOException {
    RunFolder folder = RunFolder.open(options.output());
    PoseCheckpoint.Restored resumed = null;
    PoseTrainConfig cfg = config;
    if (options.resume() && folder.hasCheckpoint()) {
      resumed = PoseCheckpoint.read(folder.checkpoint());
      cfg = resumed.run().config();
      log.info("resumed from {} at {}", folder.checkpoint(), resumed.next());
    } else if (options.resume()) {
      log.warn("--resume: no {} yet, starting from scratch", folder.checkpoint());
    }
    CocoKeypoints.Split train = CocoKeypoints.read(cocoRoot, TRAIN);
    Path trainAnnotations = cocoRoot.resolve("annotations").resolve("person_keypoints_" + TRAIN + ".json");
    double aspect = (double) cfg.input().width() / cfg.input().height();
    List<PersonInstance> people = PersonInstances.fromGroundTruthJittered(train, aspect,
        Seeds.named(cfg.seed(), "pose-centre-jitter"));
    if (people.isEmpty()) {
      throw new IllegalArgumentException(trainAnnotations + ": no annotated person with keypoints to train on");
    }
    PoseTestData val = evaluation.any() ? PoseTestData.read(cocoRoot, VAL, boxes, aspect) : null;
    int ipe = PoseTrainLoader.batchesPerEpoch(people.size(), cfg.batchSize());
    PoseTraining run;
    if (resumed != null) {
      run = resumed.run();
      if (run.itersPerEpoch() != ipe) {
        throw new IllegalArgumentException(folder.checkpoint() + " was trained with " + run.itersPerEpoch()
            + " steps per epoch, the data and batch size now give " + ipe + " (same data needed to resume)");
      }
    } else {
      run = PoseTraining.create(cfg, ipe);
      log.info("pose model: {} backbone parameters ({}), head {} → 256 → 17 heatmaps of {}×{}; {} people, {} steps per "
          + "epoch", run.model().backbone().parameterCount(),
          cfg.model().pretrained() != null ? "from " + cfg.model().pretrained() : "random",
          run.model().backbone().config().channels(PoseHead.STAGE),
          run.model().headShape(cfg.input().height(), cfg.input().width()).heatmapHeight(),
          run.model().headShape(cfg.input().height(), cfg.input().width()).heatmapWidth(), people.size(), ipe);
    }
    cfg = run.config();
    folder.recordProvenance(Provenance.capture(options.commandLine(), cfg, summary(train, people, val)));
    PoseHead.Shape shape = run.model().headShape(cfg.input().height(), cfg.input().width());
    TopDownTrainTransform transform = new TopDownTrainTransform(cfg.augmentation().transform(cfg.input()),
        ImageNormalization.imagenet(), new HeatmapTarget(cfg.input().width(), cfg.input().height(), shape.heatmapWidth(),
            shape.heatmapHeight(), cfg.augmentation().sigma()));
    try (PrefetchingLoader<TopDownSample, PoseTrainLoader.Batch> loader = PoseTrainLoader.create(people,
        ImageSizes.of(train, trainAnnotations), transform, cfg.input(), cfg.batchSize(), options.workers(), PREFETCH,
        cfg.seed())) {
      return TrainingLoop.builder("pose training", run, loader, cfg.schedule().epochs(), folder, options)
          .start(resumed != null ? resumed.next() : Position.START)
          .evaluation(r -> evaluate(r, val), evaluation)
          .listeners(listeners)
          .build()
          .run();
    }
  }

  /** The release's evaluation of the run's current model on {@code data} at the run's λ. */
  public static KeypointEvaluation evaluate(PoseTraining run, PoseTestData data) throws IOException {
    PoseTrainConfig cfg = run.config();
    PoseTrainConfig.Test t = cfg.test();
    try (PoseEstimator estimator = new PoseEstimator(run.model(),
        new PoseEstimator.Config(cfg.input(), t.flipTest(), t.batchSize()), InferenceEngine.SAMEDIFF)) {
      List<PersonPrediction> p = estimator.predict(data.people(), new double[] {cfg.model().semanticWeight()},
          data.sizes()).get(0);
      return data.evaluate(data.results(p, t.visThreshold(), t.oksThreshold()));
    }
  }

  private static Map<String, Object> summary(CocoKeypoints.Split train, List<PersonInstance> people, PoseTestData val) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", train.name());
    m.put("train_images", train.images());
    m.put("train_people", people.size());
    if (val != null) {
      m.put("val_images", val.split().images());
      m.put("val_people", val.people().size());
      m.put("val_boxes", val.boxSource());
    }
    return m;
  }
}
