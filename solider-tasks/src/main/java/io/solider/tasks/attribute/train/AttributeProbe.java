package io.solider.tasks.attribute.train;

import io.solider.nn.progress.ProgressLog;
import io.solider.nn.train.JsonLines;
import io.solider.nn.train.Position;
import io.solider.nn.train.Provenance;
import io.solider.nn.train.RunFolder;
import io.solider.nn.util.Seeds;
import io.solider.tasks.attribute.data.AttributeDataset;
import io.solider.tasks.attribute.data.AttributeTrainLoader;
import io.solider.tasks.attribute.data.Pa100kAttributes;
import io.solider.tasks.attribute.head.AttributeHead;
import io.solider.tasks.attribute.loss.WeightedBceLoss;
import io.solider.tasks.attribute.metric.AttributeEvaluation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A linear probe on cached features: the frozen backbone's pooled features of the training and
 * test splits are computed once, then the head alone is trained on them for as many epochs as it
 * takes to converge. Each step is {@link AttributeTraining#stepOnFeatures}, the step of a
 * {@link AttributeTrainer} run with a frozen backbone (the release's weighted BCE, Adam on the
 * head, gradient clipping); the batches are the trainer's (same shuffle from the seed, last
 * incomplete batch dropped), and after each epoch the test split's loss steps the plateau and its
 * mA picks the kept model, as in the trainer.
 *
 * <p>The features are those of the test transform, so the probe sees no augmentation: a cached
 * feature cannot be cropped or flipped. Its configuration must say so (padding 0, flip 0); it then
 * computes what the trainer computes with the same configuration, at the cost of one pass of the
 * backbone over the data instead of one per epoch.
 *
 * <p>Writes to the output folder: {@value AttributeTraining#MODEL} (the last head),
 * {@value AttributeTraining#BEST_MODEL} (the head of the best test mA, the release's
 * {@code save_ckpt} layout), {@value AttributeNames#FILE}, {@code metrics_initial.json} (the
 * untrained head), {@code metrics.json} (after the last epoch), {@code log.jsonl} (one record per
 * epoch) and {@code run.json}. There is no checkpoint to resume: a probe takes minutes.
 */
public final class AttributeProbe {

  private static final Logger log = LoggerFactory.getLogger(AttributeProbe.class);

  private final AttributeTrainConfig config;
  private final Path output;
  private final List<String> commandLine;

  /**
   * @param config the run: a frozen backbone ({@code trainBackbone} false) and no augmentation
   *     (padding 0, flip probability 0)
   * @param output the run folder
   * @param commandLine recorded in {@code run.json}
   * @throws IllegalArgumentException when the configuration trains the backbone or augments
   */
  public AttributeProbe(AttributeTrainConfig config, Path output, List<String> commandLine) {
    if (config.model().trainBackbone()) {
      throw new IllegalArgumentException("a probe on cached features trains the head only; the configuration "
          + "trains the backbone");
    }
    AttributeTrainConfig.Augmentation a = config.augmentation();
    if (a.padding() != 0 || a.flipProbability() != 0) {
      throw new IllegalArgumentException("a probe on cached features sees no augmentation (a cached feature cannot "
          + "be cropped or flipped); padding " + a.padding() + " and flip probability " + a.flipProbability()
          + " given, 0 and 0 needed");
    }
    this.config = config;
    this.output = output;
    this.commandLine = List.copyOf(commandLine);
  }

  /**
   * One epoch of the probe.
   *
   * @param epoch the epoch
   * @param loss mean training loss of its steps
   * @param testLoss the test split's mean loss after it (the plateau's metric)
   * @param mA the test split's mA after it
   * @param headLr the head's learning rate during it
   */
  public record Epoch(int epoch, double loss, double testLoss, double mA, double headLr) {}

  /**
   * The probe's outcome.
   *
   * @param run the run after the last epoch (its {@code best()} is the kept model's mA and epoch)
   * @param initial the test split's metrics of the untrained head
   * @param last the test split's metrics after the last epoch
   * @param epochs every epoch
   */
  public record Result(AttributeTraining run, AttributeEvaluation initial, AttributeEvaluation last,
      List<Epoch> epochs) {}

  /**
   * Extracts the features and trains the head.
   *
   * @throws IllegalArgumentException when a split is empty or the training split is smaller than a batch
   * @throws IOException when a training image cannot be read (named in the log), or an output cannot be written
   */
  public Result run(AttributeDataset dataset) throws IOException {
    AttributeDataset data = Pa100kAttributes.inReleaseOrder(dataset);
    AttributeTrainer.requireSplits(data);
    AttributeTrainLoader.requireBatch(data.trainval().size(), config.batchSize());
    RunFolder folder = RunFolder.open(output);
    AttributeTraining run = AttributeTraining.create(config, data.attributes(),
        WeightedBceLoss.positiveRatio(data.trainval()));
    log.info("linear probe: {} backbone parameters (frozen), head {} → {} attributes, backbone from {}",
        run.model().backbone().parameterCount(), run.model().head().dim(), data.attributes().size(),
        config.model().pretrained() != null ? config.model().pretrained() : "a random initialisation");
    AttributeNames.write(run.attributes(), folder.dir());
    folder.recordProvenance(Provenance.capture(commandLine, run.config(), AttributeTrainer.summary(data)));

    AttributePredictor extractor = run.predictor(config.batchSize());
    AttributePredictor.Features train = extractor.features(data.trainval(), run.transform(), "training features");
    if (train.skipped() > 0) {
      throw new IOException(train.skipped() + " training images could not be read (named above); the probe, "
          + "like attr-train, needs every one");
    }
    AttributePredictor.Features test = extractor.features(data.test(), run.transform(), "test features");

    AttributeEvaluation initial = AttributePredictor.predict(test, run.model().head(), null).evaluate();
    writeMetrics(folder, RunFolder.METRICS_INITIAL, -1, initial);
    log.info("untrained head: {}", initial.summary());
    Map<String, INDArray> bestHead = copy(run.model().head().stateDict());
    List<Epoch> epochs = new ArrayList<>();
    int total = config.schedule().epochs();
    ProgressLog progress = ProgressLog.every10s(log, "linear probe", "epochs", total);
    long iteration = 0;
    try (JsonLines jsonl = folder.openLog()) {
      for (int e = 0; e < total; e++) {
        double headLr = run.learningRate(AttributeTraining.HEAD_GROUP, e);
        double sum = 0;
        List<int[]> batches = AttributeTrainLoader.plan(train.size(), config.batchSize(),
            Seeds.random(config.seed(), Seeds.Stream.DATA_ORDER, e));
        for (int k = 0; k < batches.size(); k++) {
          int[] rows = batches.get(k);
          sum += run.stepOnFeatures(rows(train.pooled(), train.dim(), rows),
              rows(train.labels(), train.attributes(), rows), rows.length, new Position(e, k, iteration)).loss();
          iteration++;
        }
        AttributePredictor.Predictions p = AttributePredictor.predict(test, run.model().head(), run.loss());
        run.onEpochEnd(e, p);
        if (run.best().epoch() == e) {
          bestHead.values().forEach(INDArray::close); // off-heap copies: freed now, not by the GC
          bestHead = copy(run.model().head().stateDict());
        }
        Epoch ep = new Epoch(e, sum / batches.size(), p.meanLoss(), run.lastTest().evaluation().mA(), headLr);
        epochs.add(ep);
        jsonl.append(record(ep));
        progress.advance(1);
      }
    }
    AttributeEvaluation last = run.lastTest().evaluation();
    writeMetrics(folder, RunFolder.METRICS, total, last);
    run.model().writeStateDict(folder.file(AttributeTraining.MODEL));
    new AttributeModel(run.model().backbone(), AttributeHead.fromState(bestHead, "the best head"))
        .writeReleaseCheckpoint(folder.file(AttributeTraining.BEST_MODEL), run.best().epoch(), run.best().value());
    log.info("linear probe done: {} epochs; last {}; best test mA {}% (epoch {}) in {}", total, last.summary(),
        String.format("%.2f", 100 * run.best().value()), run.best().epoch(),
        folder.file(AttributeTraining.BEST_MODEL));
    return new Result(run, initial, last, epochs);
  }

  /** The rows {@code rows} of a row-major (N, width) matrix. */
  static float[] rows(float[] matrix, int width, int[] rows) {
    float[] out = new float[rows.length * width];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(matrix, rows[i] * width, out, i * width, width);
    }
    return out;
  }

  private static Map<String, INDArray> copy(Map<String, INDArray> state) {
    Map<String, INDArray> m = new LinkedHashMap<>();
    state.forEach((k, v) -> m.put(k, v.dup()));
    return m;
  }

  private static Map<String, Object> record(Epoch e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", "epoch");
    m.put("epoch", e.epoch());
    m.put("loss", e.loss());
    m.put("test_loss", e.testLoss());
    m.put("mA", e.mA());
    m.put("lr_head", e.headLr());
    return m;
  }

  private static void writeMetrics(RunFolder folder, String name, int epochsDone, AttributeEvaluation e)
      throws IOException {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("epoch", epochsDone);
    json.putAll(e.toJson());
    folder.writeJson(name, json);
  }
}
