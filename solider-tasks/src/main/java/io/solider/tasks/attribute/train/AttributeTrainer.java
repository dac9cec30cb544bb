package io.solider.tasks.attribute.train;

import io.solider.nn.train.EvaluationPlan;
import io.solider.nn.train.Position;
import io.solider.nn.train.PrefetchingLoader;
import io.solider.nn.train.Provenance;
import io.solider.nn.train.RunFolder;
import io.solider.nn.train.TrainingListener;
import io.solider.nn.train.TrainingLoop;
import io.solider.nn.train.TrainingOptions;
import io.solider.nn.train.TrainingResult;
import io.solider.tasks.attribute.data.AttributeDataset;
import io.solider.tasks.attribute.data.AttributeExamples;
import io.solider.tasks.attribute.data.AttributeTrainLoader;
import io.solider.tasks.attribute.data.Pa100kAttributes;
import io.solider.tasks.attribute.loss.WeightedBceLoss;
import io.solider.tasks.attribute.metric.AttributeEvaluation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a pedestrian-attribute model with the release's recipe: on the training split
 * ({@code trainval}: train + val, as the release's PA-100K config), the loss weighted by that
 * split's positive ratios, evaluated on the test split. The model and Adam ({@link AttributeTraining},
 * fresh or resumed), the shuffled drop-last batches ({@link AttributeTrainLoader}) and the evaluation
 * are handed to the shared {@link TrainingLoop}. PA-100K's attributes are put in the release's
 * order first ({@link Pa100kAttributes#inReleaseOrder}), so outputs match the release's models.
 * The run folder holds {@value AttributeTraining#MODEL}, {@value AttributeTraining#BEST_MODEL}
 * (the release's {@code ckpt_max}), {@value AttributeNames#FILE} (the output names) and the layer's
 * files.
 */
public final class AttributeTrainer {

  private static final Logger log = LoggerFactory.getLogger(AttributeTrainer.class);

  /** Prefetched batches. */
  private static final int PREFETCH = 2;

  private final AttributeTrainConfig config;
  private final TrainingOptions options;
  private final EvaluationPlan evaluation;
  private final List<TrainingListener<? super AttributeTraining, ? super AttributeStepStats>> listeners =
      new ArrayList<>();

  public AttributeTrainer(AttributeTrainConfig config, TrainingOptions options, EvaluationPlan evaluation) {
    this.config = config;
    this.options = options;
    this.evaluation = evaluation;
  }

  public AttributeTrainer addListener(TrainingListener<? super AttributeTraining, ? super AttributeStepStats> l) {
    listeners.add(l);
    return this;
  }

  /**
   * Trains until the configured epochs (or {@code maxIterations}) are done.
   *
   * @throws IllegalArgumentException when a split is empty, the training split is smaller than a
   *     batch, or a checkpoint to resume was trained on other attributes
   * @throws io.solider.nn.train.NonFiniteLossException when the loss goes bad (the checkpoint
   *     keeps the last good state)
   */
  public TrainingResult<AttributeTraining, AttributeStepStats> train(AttributeDataset dataset) throws IOException {
    AttributeDataset data = Pa100kAttributes.inReleaseOrder(dataset);
    requireSplits(data);
    RunFolder folder = RunFolder.open(options.output());
    AttributeTraining run;
    AttributeCheckpoint.Restored resumed = null;
    if (options.resume() && folder.hasCheckpoint()) {
      resumed = AttributeCheckpoint.read(folder.checkpoint());
      run = resumed.run();
      if (!run.attributes().equals(data.attributes())) {
        throw new IllegalArgumentException(folder.checkpoint() + " was trained on the attributes " + run.attributes()
            + ", the data has " + data.attributes() + " (same data needed to resume)");
      }
      log.info("resumed from {} at {}", folder.checkpoint(), resumed.next());
    } else {
      if (options.resume()) {
        log.warn("--resume: no {} yet, starting from scratch", folder.checkpoint());
      }
      run = AttributeTraining.create(config, data.attributes(), WeightedBceLoss.positiveRatio(data.trainval()));
      log.info("attribute model: {} backbone parameters ({}), head {} → {} attributes{}",
          run.model().backbone().parameterCount(), run.config().model().trainBackbone() ? "trained" : "frozen",
          run.model().head().dim(), data.attributes().size(), config.model().pretrained() != null
              ? ", backbone from " + config.model().pretrained() : ", random backbone");
    }
    run.useTestSplit(data.test());
    AttributeTrainConfig cfg = run.config();
    AttributeNames.write(run.attributes(), folder.dir());
    folder.recordProvenance(Provenance.capture(options.commandLine(), cfg, summary(data)));
    try (PrefetchingLoader<AttributeExamples.Example, AttributeExamples.Batch> loader = AttributeTrainLoader.create(
        data.trainval(), run.transform(), cfg.batchSize(), options.workers(), PREFETCH, cfg.seed())) {
      return TrainingLoop.builder("attribute training", run, loader, cfg.schedule().epochs(), folder, options)
          .start(resumed != null ? resumed.next() : Position.START)
          .evaluation(r -> evaluate(r, data), evaluation)
          .listeners(listeners)
          .build()
          .run();
    }
  }

  /**
   * The test split's metrics: the last epoch's test pass when the model has not changed since
   * (the release evaluates after every epoch anyway), else a new pass.
   */
  private AttributeEvaluation evaluate(AttributeTraining run, AttributeDataset data) {
    AttributeTraining.EpochTest last = run.lastTest();
    if (last != null && last.iteration() == run.stepsTaken()) {
      return last.evaluation();
    }
    return run.predictor(evaluation.batchSize()).predict(data.test(), run.transform(), null, "test").evaluate();
  }

  /** Refuses data without a training or a test split. */
  static void requireSplits(AttributeDataset data) {
    if (data.trainval().isEmpty() || data.test().isEmpty()) {
      throw new IllegalArgumentException(data.name() + ": the training split (train + val) has "
          + data.trainval().size() + " images and the test split " + data.test().size() + "; both are needed");
    }
  }

  /** The data's part of {@code run.json}. */
  static Map<String, Object> summary(AttributeDataset data) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", data.name());
    m.put("attributes", data.attributes().size());
    m.put("train_images", data.trainval().size());
    m.put("test_images", data.test().size());
    return m;
  }
}
