package io.solider.tasks.parsing.train;

import io.solider.nn.backbone.Backbone;
import io.solider.nn.ops.Dropout2d;
import io.solider.nn.optim.Sgd;
import io.solider.nn.train.BackboneModel;
import io.solider.nn.train.EpochData;
import io.solider.nn.train.NonFiniteLossException;
import io.solider.nn.train.ParameterGroup;
import io.solider.nn.train.ParameterGroups;
import io.solider.nn.train.Position;
import io.solider.nn.train.RunFolder;
import io.solider.nn.train.TrainingRun;
import io.solider.nn.util.NdArrays;
import io.solider.nn.util.Seeds;
import io.solider.tasks.parsing.data.ParsingBatch;
import io.solider.tasks.parsing.head.ParsingModel;
import io.solider.tasks.parsing.head.SchpHead;
import io.solider.tasks.parsing.loss.SchpCriterion;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One parsing training run's state (model, SCHP model and its cycle count, SGD) and its step, in
 * train.py's order:
 * <ol>
 *   <li>the model on the batch in training mode at λ ({@link ParsingGradients}): the fusion's
 *       Dropout2d mask drawn from the run's {@link Seeds.Stream#STEP} stream at the step's iteration;
 *   <li>from the first self-correction cycle on, the SCHP model's soft targets ({@link SchpTeacher},
 *       training mode, its own dropout mask from a stream named {@value #TEACHER_DROPOUT});
 *   <li>{@link SchpCriterion}; a NaN or infinite loss term (the consistency term aside, which the
 *       total leaves out) stops the step before anything changes ({@link NonFiniteLossException});
 *   <li>gradients back through the resize, the head and the backbone; SGD (momentum, weight decay
 *       of the config) on every parameter but {@code patch_embed.*} (frozen, train.py) and the
 *       last stage's controller (its output is never used, so torch's gradient is None and SGD
 *       skips it), at the epoch's learning rate ({@link SchpSchedule});
 *   <li>the head's batch statistics committed (momentum 0.1).
 * </ol>
 * At the end of an epoch that ends a cycle ({@link SchpCycles}), {@link #onEpochEnd} averages the
 * model into the SCHP model (the first cycle copies it) and re-estimates its batch-norm statistics
 * over one pass of the training data, before the loop writes the checkpoint, so a resumed run
 * continues exactly.
 */
public final class ParsingTraining implements TrainingRun<ParsingBatch, ParsingStepStats> {

  private static final Logger log = LoggerFactory.getLogger(ParsingTraining.class);

  /** Kind of the training checkpoint. */
  public static final String KIND = "parsing";
  /** Name of the random stream of the SCHP model's dropout masks. */
  static final String TEACHER_DROPOUT = "schp-teacher-dropout";

  private final ParsingTrainConfig config;
  private final ParsingModel model;
  private final Sgd sgd;
  private final ParameterGroups groups;
  private final double[] lr;
  private final SchpCriterion criterion;
  private ParsingModel schp;
  private int cycles;
  private EpochData<ParsingBatch> reestimation;
  private ParsingGradients gradients;
  private SchpTeacher teacher;

  ParsingTraining(ParsingTrainConfig config, ParsingModel model, ParsingModel schp, int cycles, Sgd sgd) {
    if ((schp == null) != (cycles == 0)) {
      throw new IllegalArgumentException("an SCHP model exists exactly after the first cycle (cycles " + cycles + ")");
    }
    this.config = config;
    this.model = model;
    this.schp = schp;
    this.cycles = cycles;
    this.sgd = sgd;
    this.groups = groups(config.optimizer());
    this.lr = config.schedule().perEpoch();
    this.criterion = new SchpCriterion(config.loss());
  }

  /**
   * A fresh run: the backbone from {@code config.model().pretrained()} (its architecture) or
   * randomly initialised from the seed, a new head initialised as PyTorch does.
   */
  public static ParsingTraining create(ParsingTrainConfig config) throws IOException {
    BackboneModel m = config.model();
    Backbone backbone = m.pretrained() != null ? Backbone.fromCheckpoint(Path.of(m.pretrained()))
        : Backbone.initialized(m.arch(), config.seed());
    ParsingModel model = ParsingModel.create(backbone, SchpHead.Spec.release(backbone.config()),
        Seeds.of(config.seed(), Seeds.Stream.HEAD_INIT));
    return new ParsingTraining(config.withArch(model.backbone().config()), model, null, 0,
        new Sgd(config.optimizer().momentum()));
  }

  /** A run restored from a checkpoint's models and momentum buffers. */
  static ParsingTraining restore(ParsingTrainConfig config, ParsingModel model, ParsingModel schp, int cycles,
      Map<String, INDArray> buffers) {
    Sgd sgd = new Sgd(config.optimizer().momentum());
    buffers.forEach(sgd::restore);
    return new ParsingTraining(config, model, schp, cycles, sgd);
  }

  /** train.py's optimiser groups: one group; every key containing {@code patch_embed} frozen. */
  public static ParameterGroups groups(ParsingTrainConfig.Optimizer o) {
    return ParameterGroups.builder(new ParameterGroup("all", 1, o.weightDecay()))
        .freeze(k -> k.contains("patch_embed"))
        .build();
  }

  /**
   * Whether the loss reaches a key: the last stage's semantic controller modulates tokens no later
   * layer reads, so torch leaves its gradient None and SGD skips it.
   */
  public static boolean reachedByLoss(String key) {
    return !key.matches("semantic_embed_[wb]\\.3\\..*");
  }

  /** The data the SCHP model's batch-norm statistics are re-estimated on (one epoch per cycle). */
  public ParsingTraining reestimateOn(EpochData<ParsingBatch> data) {
    this.reestimation = data;
    return this;
  }

  public ParsingTrainConfig config() {
    return config;
  }

  public ParsingModel model() {
    return model;
  }

  /** The SCHP model, or null before the first self-correction cycle. */
  public ParsingModel schp() {
    return schp;
  }

  /** Self-correction cycles done (train.py's {@code cycle_n}). */
  public int cycles() {
    return cycles;
  }

  /** The model the release evaluates: the SCHP model once a cycle has run, else the model. */
  public ParsingModel finalModel() {
    return schp != null ? schp : model;
  }

  public Sgd optimizer() {
    return sgd;
  }

  public ParameterGroups parameterGroups() {
    return groups;
  }

  /** The learning rate of epoch {@code epoch}. */
  public double learningRate(int epoch) {
    return lr[epoch];
  }

  @Override
  public Map<String, INDArray> parameters() {
    return model.stateDict();
  }

  private ParsingGradients gradients() {
    if (gradients == null) {
      gradients = new ParsingGradients(model, config.augmentation().cropHeight(), config.augmentation().cropWidth(),
          criterion);
    }
    return gradients;
  }

  private SchpTeacher teacher() {
    if (teacher == null) {
      teacher = new SchpTeacher(schp, config.augmentation().cropHeight(), config.augmentation().cropWidth());
    }
    return teacher;
  }

  /**
   * One step on {@code batch}.
   *
   * @throws NonFiniteLossException if a loss term is NaN or infinite (nothing has changed then)
   */
  @Override
  public ParsingStepStats step(ParsingBatch batch, Position at) {
    long t0 = System.nanoTime();
    double lambda = config.model().semanticWeight();
    int b = batch.size();
    INDArray mask = Dropout2d.mask(Seeds.random(config.seed(), Seeds.Stream.STEP, at.iteration()), b, SchpHead.WIDTH,
        SchpHead.DROPOUT);
    SchpCriterion.SchpTargets targets = null;
    if (cycles >= 1) {
      INDArray teacherMask = Dropout2d.mask(Seeds.named(config.seed(), TEACHER_DROPOUT, at.iteration()), b,
          SchpHead.WIDTH, SchpHead.DROPOUT);
      INDArray images = batch.imageArray();
      targets = teacher().targets(images, lambda, teacherMask, cycles);
      NdArrays.close(images);
      NdArrays.close(teacherMask);
    }
    ParsingGradients.Result r = gradients().compute(batch, lambda, mask, targets, loss -> requireFinite(loss, at));
    NdArrays.close(mask);
    double rate = lr[at.epoch()];
    double gradSq = 0;
    Map<String, INDArray> params = model.stateDict();
    for (Map.Entry<String, INDArray> e : r.gradients().entrySet()) {
      String k = e.getKey();
      INDArray p = params.get(k);
      var group = groups.of(k, p);
      if (group.isEmpty() || !reachedByLoss(k)) {
        continue;
      }
      double n = e.getValue().norm2Number().doubleValue();
      gradSq += n * n;
      sgd.step(k, p, e.getValue(), rate, group.get().weightDecay());
    }
    NdArrays.closeAll(r.gradients().values());
    r.statistics().commit(model.head());
    r.statistics().close();
    return new ParsingStepStats(at, r.loss().total(), r.loss().terms(), rate, Math.sqrt(gradSq), cycles, b,
        (System.nanoTime() - t0) / 1e9);
  }

  private static void requireFinite(SchpCriterion.Result loss, Position at) {
    for (Map.Entry<String, Double> t : loss.terms().entrySet()) {
      // The consistency term is reported, not trained on: NaN when no pixel is an edge in both maps.
      if (!t.getKey().equals("consistency") && !Double.isFinite(t.getValue())) {
        throw new NonFiniteLossException(t.getKey(), t.getValue(), at.iteration());
      }
    }
    if (!Double.isFinite(loss.total())) {
      throw new NonFiniteLossException("total", loss.total(), at.iteration());
    }
  }

  /**
   * Self-correction at the end of a cycle's last epoch: average the model into the SCHP model
   * (α = 1/(cycles + 1); the first cycle copies it) and re-estimate its batch-norm statistics.
   */
  @Override
  public void onEpochEnd(int epoch) {
    if (!config.cycles().endsCycle(epoch)) {
      return;
    }
    if (reestimation == null) {
      throw new IllegalStateException("no training data to re-estimate the SCHP model's statistics on");
    }
    long t0 = System.nanoTime();
    double alpha = SchpCycles.averagingWeight(cycles);
    if (schp == null) {
      schp = model.copy(); // α = 1: the release's average copies every parameter
      // The release's SCHP model is a separate network: its batch counters start from 0.
      schp.head().state().forEach((k, v) -> {
        if (k.endsWith("num_batches_tracked")) {
          v.assign(0);
        }
      });
      teacher = null;
    } else {
      SchpTeacher.average(schp, model, alpha);
    }
    cycles++;
    long seen = teacher().reestimate(reestimation.epoch(cycles, 0), config.model().semanticWeight());
    log.info("self-correction cycle {} after epoch {}: averaged with α {}, batch-norm statistics re-estimated on {} "
        + "images ({}s)", cycles, epoch, String.format("%.4f", alpha), seen,
        String.format("%.1f", (System.nanoTime() - t0) / 1e9));
  }

  @Override
  public void save(RunFolder folder, Position next) throws IOException {
    ParsingCheckpoint.write(this, next, folder.checkpoint());
    model.write(folder.file(ParsingCheckpoint.MODEL), next.epoch());
    if (schp != null) {
      schp.writeSchp(folder.file(ParsingCheckpoint.SCHP_MODEL), cycles);
    }
  }
}
